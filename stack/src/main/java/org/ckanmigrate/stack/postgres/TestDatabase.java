package org.ckanmigrate.stack.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** A fresh database on a {@link PostgresServer}, dropped on {@link #close()}. */
public record TestDatabase(PostgresServer server, String name) implements AutoCloseable {

  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /** Connects as the server's superuser. */
  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  @Override
  public void close() {
    server.dropDatabase(name);
  }
}
