package org.ckanmigrate.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a client outside Spring Boot's Kafka auto-configuration (the CLI, the demo, tests) reaches
 * the services' cluster: its bootstrap servers and, on a cluster that authenticates, the SASL/SCRAM
 * principal and the file holding its password. The password is read when the client properties are
 * made and never appears in {@link #toString()}.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param username the SCRAM user, or null for a cluster without authentication (PLAINTEXT)
 * @param passwordFile the file holding that user's password (required with a username)
 * @param mechanism {@code SCRAM-SHA-512} (default) or {@code SCRAM-SHA-256}
 */
public record KafkaAccess(
    String bootstrapServers, String username, Path passwordFile, String mechanism) {

  /** The mechanisms a broker can verify against the credentials it stores. */
  public static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");

  public KafkaAccess {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new InvalidAccess("Kafka bootstrap servers are required (host:port)");
    }
    mechanism = mechanism == null || mechanism.isBlank() ? "SCRAM-SHA-512" : mechanism.strip();
    if (username != null && !username.isBlank()) {
      if (passwordFile == null) {
        throw new InvalidAccess(
            "Kafka user " + username + " needs a password file (its password, alone in the file)");
      }
      if (!MECHANISMS.contains(mechanism)) {
        throw new InvalidAccess(
            "Kafka SASL mechanism " + mechanism + " is not supported: use one of " + MECHANISMS);
      }
    } else {
      username = null;
    }
  }

  /** A setting that cannot work (no password file, an unknown mechanism): fix it and retry. */
  public static final class InvalidAccess extends IllegalArgumentException {
    InvalidAccess(String message) {
      super(message);
    }

    InvalidAccess(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A cluster without authentication. */
  public static KafkaAccess plain(String bootstrapServers) {
    return new KafkaAccess(bootstrapServers, null, null, null);
  }

  public boolean authenticates() {
    return username != null;
  }

  /**
   * The client properties for this access: {@code bootstrap.servers} and, when a user is set,
   * {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
   *
   * @throws IllegalArgumentException when the password file cannot be read or is empty
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    if (username != null) {
      props.putAll(sasl(username, password(), mechanism));
    }
    return props;
  }

  /** The SASL client settings for {@code user}; shared with the services' configuration. */
  public static Map<String, Object> sasl(String user, String password, String mechanism) {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        mechanism,
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + jaasQuoted(user)
            + "\" password=\""
            + jaasQuoted(password)
            + "\";");
  }

  /** Reads a password file: its content without the trailing newline; empty is an error. */
  public static String readPassword(Path file, String what) {
    String password;
    try {
      password = Files.readString(file).strip();
    } catch (IOException e) {
      throw new InvalidAccess(
          "Cannot read " + what + " password file " + file + ": " + e.getMessage(), e);
    }
    if (password.isEmpty()) {
      throw new InvalidAccess(what + " password file " + file + " is empty");
    }
    return password;
  }

  private String password() {
    return readPassword(passwordFile, "the Kafka user's");
  }

  // JAAS values are double-quoted strings: a quote or backslash in them must be escaped.
  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaAccess[" + bootstrapServers + (username == null ? "" : ", user " + username) + "]";
  }
}
