package org.ckanmigrate.testsupport.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a Testcontainers container, used only when a Docker engine answers (registered with
 * {@link PostgresServer} through META-INF/services, so only tests ever see it).
 */
public final class ContainerPostgres implements PostgresServer.Provider {

  @Override
  public Optional<PostgresServer> start(Optional<Path> bin) {
    return dockerAvailable() ? Optional.of(startContainer(bin)) : Optional.empty();
  }

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
  static PostgresServer startContainer(Optional<Path> bin) {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
    container.start();
    return PostgresServer.of(
        container.getHost(),
        container.getMappedPort(5432),
        container.getUsername(),
        container.getPassword(),
        bin.orElse(Path.of("/usr/bin")),
        "testcontainers");
  }
}
