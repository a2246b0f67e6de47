package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.ckanmigrate.stack.net.FreePorts;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack whose start fails stops, with the failure's own error, what it had already started. */
class DemoStackStartIT {

  @Test
  void aFailedCatalogueGenerationStopsTheStartAndDropsTheSourceDatabase(@TempDir Path work)
      throws Exception {
    Set<String> before = sourceDatabases();
    StringWriter out = new StringWriter();
    assertThatThrownBy(
            () ->
                DemoStack.builder(DemoStack.projectDir(), work)
                    .datasets(-1)
                    .kafkaPort(FreePorts.consecutive(2))
                    .firstServicePort(FreePorts.consecutive(4))
                    .start(new PrintWriter(out, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("datasets must be >= 0");
    assertThat(out.toString())
        .as("it stopped at the catalogue")
        .contains("starting Source catalogue")
        .doesNotContain("starting Kafka");
    assertThat(sourceDatabases()).as("source databases left behind").isEqualTo(before);
  }

  private static Set<String> sourceDatabases() throws Exception {
    Set<String> names = new HashSet<>();
    try (Connection c = PostgresServer.shared().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ckan_source%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
