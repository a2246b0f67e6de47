package org.ckanmigrate.testsupport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every ckan-migrate service promises when it starts: it reaches Kafka and its own state
 * database (schema migrated), and exposes actuator {@code health}, {@code info} and {@code
 * prometheus}, nothing else. A service's test extends this with its application class in
 * {@code @SpringBootTest(classes = ...)}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class ServiceContract {

  private static TestDatabase stateDb;

  @Value("${local.server.port}")
  int port;

  @Value("${spring.application.name}")
  String application;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    if (stateDb == null) {
      stateDb = PostgresServer.shared().createDatabase("service_state");
    }
    registry.add("spring.datasource.url", stateDb::jdbcUrl);
    registry.add("spring.datasource.username", () -> stateDb.server().superuser());
    registry.add("spring.datasource.password", () -> stateDb.server().password());
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
  }

  @AfterAll
  static void dropStateDb() {
    if (stateDb != null) {
      stateDb.close();
      stateDb = null;
    }
  }

  @Test
  void reportsHealthUpWithItsStateDatabase() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void exposesOnlyHealthInfoAndPrometheus() throws Exception {
    String links = get("/actuator").body();
    assertThat(links).contains("/actuator/health", "/actuator/info", "/actuator/prometheus");
    for (String hidden : new String[] {"env", "beans", "configprops", "heapdump", "loggers"}) {
      assertThat(get("/actuator/" + hidden).statusCode()).as(hidden).isEqualTo(404);
    }
  }

  @Test
  void exportsMetricsTaggedWithItsApplication() throws Exception {
    HttpResponse<String> metrics = get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("jvm_memory_used_bytes")
        .contains("application=\"" + application + "\"");
  }

  @Test
  void migratedItsStateSchema() throws Exception {
    try (Connection c = stateDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'ckan_migrate_state'"
                    + " AND table_name IN ('inbox', 'phase_job', 'outbox', 'run_spec')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(4);
    }
  }

  @Test
  void declaredTheEventTopicsOnTheBroker() throws Exception {
    Properties props = new Properties();
    props.putAll(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
    try (AdminClient admin = AdminClient.create(props)) {
      assertThat(admin.listTopics().names().get())
          .contains(
              "ckan-migrate.events",
              "ckan-migrate.events-dlt",
              "ckan-migrate.reindex-work",
              "ckan-migrate.reindex-work-dlt");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
