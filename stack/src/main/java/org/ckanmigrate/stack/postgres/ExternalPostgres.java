package org.ckanmigrate.stack.postgres;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A PostgreSQL server someone else runs, named by {@code CKAN_TEST_POSTGRES_URL}. */
final class ExternalPostgres {

  private ExternalPostgres() {}

  static PostgresServer connect(String jdbcUrl, String user, String password, Optional<Path> bin) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalStateException(
          "CKAN_TEST_POSTGRES_URL must look like jdbc:postgresql://host:port/postgres");
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    return new PostgresServer(
        uri.getHost(),
        port,
        user == null || user.isBlank() ? "postgres" : user,
        password,
        bin.orElse(Path.of("/usr/bin")),
        "external");
  }
}
