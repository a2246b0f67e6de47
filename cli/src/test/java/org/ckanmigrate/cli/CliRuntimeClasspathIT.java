package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the operator's jar ships ({@code cli-<version>-exec.jar}, packaged before integration tests
 * run): the contract, the event client and their libraries, but no Spring, Flyway or service code,
 * which the CLI has no business running (ADR 0006).
 */
class CliRuntimeClasspathIT {

  private static final Pattern NOT_FOR_THE_CLI =
      Pattern.compile(
          "^(spring-(?!boot-jarmode-tools)|flyway-|platform-|ssh-client-|dump-artifact-|sshd-|"
              + "bcprov-|.*-service-|HikariCP-|micrometer-|solr-|stack-|test-support-)");

  @Test
  void theCliJarCarriesTheContractAndTheEventClientButNoSpringOrServiceCode() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("cli-.*-exec\\.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no cli-*-exec.jar in target (mvn package)"));
    }
    List<String> libs;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      libs =
          Collections.list(zip.entries()).stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
              .map(n -> n.substring("BOOT-INF/lib/".length()))
              .sorted()
              .toList();
    }
    assertThat(libs)
        .anyMatch(j -> j.startsWith("contract-"))
        .anyMatch(j -> j.startsWith("event-client-"))
        .anyMatch(j -> j.startsWith("kafka-clients-"));
    assertThat(libs)
        .as("libraries the CLI must not carry, in %s", jar)
        .noneMatch(j -> NOT_FOR_THE_CLI.matcher(j).find());
  }
}
