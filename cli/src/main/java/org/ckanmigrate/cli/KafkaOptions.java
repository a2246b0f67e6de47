package org.ckanmigrate.cli;

import picocli.CommandLine.Option;

/** Where the services' Kafka cluster is. */
public class KafkaOptions {

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers the services use (default: $CKAN_MIGRATE_KAFKA_BOOTSTRAP or"
              + " localhost:19092).")
  String bootstrap;

  public String bootstrapServers() {
    if (bootstrap != null) {
      return bootstrap;
    }
    String env = System.getenv("CKAN_MIGRATE_KAFKA_BOOTSTRAP");
    return env != null && !env.isBlank() ? env : "localhost:19092";
  }
}
