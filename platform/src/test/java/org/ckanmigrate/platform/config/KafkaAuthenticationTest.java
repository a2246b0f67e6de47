package org.ckanmigrate.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ckanmigrate.client.KafkaAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KafkaAuthenticationTest {

  @Test
  void withoutAUserNothingChanges() {
    StandardEnvironment env = environment(Map.of());
    new KafkaAuthentication().postProcessEnvironment(env, null);

    assertThat(env.getProperty("spring.kafka.security.protocol")).isNull();
  }

  @Test
  void aUserWithItsPasswordFileConfiguresEveryBootKafkaClient(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "s3cr\"et\\x\n");
    StandardEnvironment env =
        environment(
            Map.of(
                "ckan-migrate.kafka.sasl.username",
                "ckan-migrate-services",
                "ckan-migrate.kafka.sasl.password-file",
                file.toString()));
    new KafkaAuthentication().postProcessEnvironment(env, null);

    assertThat(env.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(env.getProperty("spring.kafka.properties.sasl.mechanism"))
        .isEqualTo("SCRAM-SHA-512");
    // JAAS quoting: the quote and the backslash escaped, the file's trailing newline dropped.
    assertThat(env.getProperty("spring.kafka.properties.sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"ckan-migrate-services\" password=\"s3cr\\\"et\\\\x\";");
  }

  @Test
  void aUserWithoutAUsablePasswordFileStopsTheServiceNamingTheFile(@TempDir Path dir)
      throws Exception {
    assertThatThrownBy(
            () ->
                new KafkaAuthentication()
                    .postProcessEnvironment(
                        environment(Map.of("ckan-migrate.kafka.sasl.username", "svc")), null))
        .hasMessageContaining("ckan-migrate.kafka.sasl.password-file is not");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(
            () ->
                new KafkaAuthentication()
                    .postProcessEnvironment(
                        environment(
                            Map.of(
                                "ckan-migrate.kafka.sasl.username",
                                "svc",
                                "ckan-migrate.kafka.sasl.password-file",
                                empty.toString())),
                        null))
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("is empty");
    assertThatThrownBy(
            () ->
                new KafkaAuthentication()
                    .postProcessEnvironment(
                        environment(
                            Map.of(
                                "ckan-migrate.kafka.sasl.username", "svc",
                                "ckan-migrate.kafka.sasl.password-file", empty.toString(),
                                "ckan-migrate.kafka.sasl.mechanism", "PLAIN")),
                        null))
        .hasMessageContaining("PLAIN is not supported");
  }

  @Test
  void anAccessNeverShowsItsPassword(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "hunter2-hunter2");
    KafkaAccess access = new KafkaAccess("localhost:19092", "operator", file, null);

    assertThat(access.toString()).doesNotContain("hunter2").contains("operator");
    assertThat(access.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
    assertThat(KafkaAccess.plain("localhost:1").clientProperties())
        .containsOnlyKeys("bootstrap.servers");
    assertThatThrownBy(() -> new KafkaAccess("localhost:1", "operator", null, null))
        .isInstanceOf(KafkaAccess.InvalidAccess.class)
        .hasMessageContaining("needs a password file");
  }

  private static StandardEnvironment environment(Map<String, Object> props) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", props));
    return env;
  }
}
