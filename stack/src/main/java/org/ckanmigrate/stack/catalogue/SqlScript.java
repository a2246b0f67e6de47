package org.ckanmigrate.stack.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one of our DDL resources. They hold plain statements, each ending with {@code ;} at the end
 * of a line, and {@code --} comment lines; no dollar quoting, so a simple split is exact.
 */
final class SqlScript {

  private static final Logger log = LoggerFactory.getLogger(SqlScript.class);

  private SqlScript() {}

  static List<String> statements(String resource) {
    String text;
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "DDL resource " + resource + " is missing from the classpath of test-support");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read DDL resource " + resource, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (current.isEmpty() && (line.isBlank() || line.startsWith("--"))) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException(
          "DDL resource " + resource + " ends with an unterminated statement: " + current);
    }
    return statements;
  }

  static void run(Connection connection, String resource) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(resource)) {
        long started = System.nanoTime();
        try {
          statement.execute(sql);
          long millis = (System.nanoTime() - started) / 1_000_000;
          if (millis > 500) {
            log.debug("{} ms: {}", millis, sql);
          }
        } catch (SQLException e) {
          throw new SQLException(
              "Statement of " + resource + " failed: " + e.getMessage() + "\n" + sql,
              e.getSQLState(),
              e);
        }
      }
    }
  }
}
