package org.ckanmigrate.cli;

import java.nio.file.Path;
import org.ckanmigrate.client.KafkaAccess;
import picocli.CommandLine.Option;

/** Where the services' Kafka cluster is, and who the CLI is on it. */
public class KafkaOptions {

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers the services use (default: $CKAN_MIGRATE_KAFKA_BOOTSTRAP or"
              + " localhost:19092).")
  String bootstrap;

  @Option(
      names = "--kafka-user",
      paramLabel = "NAME",
      description =
          "The operator's SASL/SCRAM user on a cluster that authenticates (default:"
              + " $CKAN_MIGRATE_KAFKA_USER; none: no authentication).")
  String user;

  @Option(
      names = "--kafka-password-file",
      paramLabel = "FILE",
      description =
          "A file holding that user's password (default: $CKAN_MIGRATE_KAFKA_PASSWORD_FILE)."
              + " Never given on the command line.")
  Path passwordFile;

  public String bootstrapServers() {
    return setting(bootstrap, "CKAN_MIGRATE_KAFKA_BOOTSTRAP", "localhost:19092");
  }

  /** The cluster and the CLI's principal on it; a user without a password file is refused. */
  public KafkaAccess access() {
    String name = setting(user, "CKAN_MIGRATE_KAFKA_USER", null);
    String file = passwordFile != null ? passwordFile.toString() : null;
    file = setting(file, "CKAN_MIGRATE_KAFKA_PASSWORD_FILE", null);
    return new KafkaAccess(bootstrapServers(), name, file == null ? null : Path.of(file), null);
  }

  // An option, else the environment (a system property of that name first: the one-machine mode
  // runs the CLI in its own JVM), else the default.
  private static String setting(String option, String name, String fallback) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value != null && !value.isBlank() ? value : fallback;
  }
}
