package org.ckanmigrate.testsupport.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container, used only when a Docker engine answers. */
final class ContainerPostgres {

  private ContainerPostgres() {}

  static boolean dockerAvailable() {
    // Asking Testcontainers costs seconds of probing when there is no engine; look for one first.
    boolean hint =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    if (!hint || "false".equals(PostgresServer.setting("CKAN_TEST_USE_DOCKER"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
  static PostgresServer start(Optional<Path> bin) {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
    container.start();
    return new PostgresServer(
        container.getHost(),
        container.getMappedPort(5432),
        container.getUsername(),
        container.getPassword(),
        bin.orElse(Path.of("/usr/bin")),
        "testcontainers");
  }
}
