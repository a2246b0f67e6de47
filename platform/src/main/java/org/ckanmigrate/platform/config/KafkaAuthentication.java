package org.ckanmigrate.platform.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ckanmigrate.client.KafkaAccess;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Connects every Kafka client of a service (listeners, producers, the topic admin) with SASL/SCRAM
 * when a user is configured:
 *
 * <ul>
 *   <li>{@code ckan-migrate.kafka.sasl.username}: the service's SCRAM user (unset: PLAINTEXT, no
 *       authentication);
 *   <li>{@code ckan-migrate.kafka.sasl.password-file}: the file holding its password, alone (a
 *       secret file, e.g. {@code /run/secrets/kafka-services-password}); never a property value, so
 *       the password is in no configuration file, environment listing or command line;
 *   <li>{@code ckan-migrate.kafka.sasl.mechanism}: {@code SCRAM-SHA-512} (default) or {@code
 *       SCRAM-SHA-256}, as the broker's credentials were made.
 * </ul>
 *
 * It sets Spring Boot's {@code spring.kafka.security.protocol} and {@code
 * spring.kafka.properties.sasl.*} from them, so all of Boot's Kafka clients get the same settings.
 * A user without a readable, non-empty password file stops the service at start with a message
 * naming the file.
 */
public class KafkaAuthentication implements EnvironmentPostProcessor {

  static final String PREFIX = "ckan-migrate.kafka.sasl.";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    String user = environment.getProperty(PREFIX + "username");
    if (user == null || user.isBlank()) {
      return;
    }
    String file = environment.getProperty(PREFIX + "password-file");
    if (file == null || file.isBlank()) {
      throw new IllegalStateException(
          PREFIX
              + "username is set ("
              + user
              + ") but "
              + PREFIX
              + "password-file is not: give the file holding its password");
    }
    String mechanism = environment.getProperty(PREFIX + "mechanism", "SCRAM-SHA-512");
    if (!KafkaAccess.MECHANISMS.contains(mechanism)) {
      throw new IllegalStateException(
          PREFIX
              + "mechanism "
              + mechanism
              + " is not supported: use one of "
              + KafkaAccess.MECHANISMS);
    }
    String password;
    try {
      password = KafkaAccess.readPassword(Path.of(file), "the Kafka user " + user + "'s");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage() + " (" + PREFIX + "password-file)", e);
    }
    Map<String, Object> props = new LinkedHashMap<>();
    KafkaAccess.sasl(user, password, mechanism)
        .forEach(
            (k, v) ->
                props.put(
                    k.equals("security.protocol")
                        ? "spring.kafka.security.protocol"
                        : "spring.kafka.properties." + k,
                    v));
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("ckan-migrate-kafka-sasl", props));
  }
}
