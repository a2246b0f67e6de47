package org.ckanmigrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ckanmigrate.cli.follow.RecordedRuns;
import picocli.CommandLine.Option;

/**
 * The services' state databases, read when the events topic no longer has a run (its records
 * expired, or the topic was re-created): each service records every run's spec and each phase's
 * trigger and outcome there, and keeps them.
 */
public class StateDatabaseOptions {

  @Option(
      names = "--state-db",
      paramLabel = "JDBC_URL",
      split = ",",
      description =
          "A service's state database (repeat, or separate with commas, for each service; default:"
              + " $CKAN_MIGRATE_STATE_DBS, comma-separated), read when the events topic no longer"
              + " has the run. E.g. jdbc:postgresql://localhost:5432/load_state.")
  List<String> urls = new ArrayList<>();

  @Option(
      names = "--state-db-user",
      paramLabel = "NAME",
      description = "Their role (default: $CKAN_MIGRATE_STATE_DB_USER or ckan_migrate).")
  String user;

  @Option(
      names = "--state-db-password-file",
      paramLabel = "FILE",
      description =
          "A file holding their password (default: $CKAN_MIGRATE_STATE_DB_PASSWORD_FILE; none for"
              + " trust or .pgpass). Never given on the command line.")
  Path passwordFile;

  /** The configured URLs; empty when none were given. */
  public List<String> urls() {
    if (!urls.isEmpty()) {
      return urls;
    }
    String env = System.getenv("CKAN_MIGRATE_STATE_DBS");
    if (env == null || env.isBlank()) {
      return List.of();
    }
    return Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  public String user() {
    if (user != null) {
      return user;
    }
    String env = System.getenv("CKAN_MIGRATE_STATE_DB_USER");
    return env != null && !env.isBlank() ? env : "ckan_migrate";
  }

  /** The password from the file, or null; a file that cannot be read is a usage error. */
  public String password() {
    Path file = passwordFile;
    if (file == null) {
      String env = System.getenv("CKAN_MIGRATE_STATE_DB_PASSWORD_FILE");
      if (env == null || env.isBlank()) {
        return null;
      }
      file = Path.of(env);
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new RecordedRuns.UnreadableStateDatabase(
          "Cannot read the state databases' password file " + file + ": " + e.getMessage(), e);
    }
  }
}
