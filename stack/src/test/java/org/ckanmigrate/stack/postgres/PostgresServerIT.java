package org.ckanmigrate.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

  @Test
  void servesFreshIndependentDatabases() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase a = server.createDatabase("a");
        TestDatabase b = server.createDatabase("b")) {
      assertThat(a.name()).isNotEqualTo(b.name());
      try (Connection c = a.connect();
          Statement s = c.createStatement()) {
        s.execute("create table t(x int)");
        s.execute("insert into t values (1)");
      }
      try (Connection c = b.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void droppedDatabaseIsGone() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    TestDatabase db = server.createDatabase("gone");
    db.close();
    assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
  }

  @Test
  void clientToolsReachTheServer() throws Exception {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase db = server.createDatabase("tools")) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  server.tool("psql").toString(), "-tA", "-d", db.name(), "-c", "select 40 + 2")
              .redirectErrorStream(true);
      pb.environment().putAll(server.libpqEnv());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      assertThat(p.waitFor()).isZero();
      assertThat(out).isEqualTo("42");
    }
  }
}
