package org.ckanmigrate.platform.phase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the phase-runner tests share: app properties, the state database, the event stream. */
final class PhaseTestSupport {

  final TestDatabase stateDb;
  final String phase = "slow-" + UUID.randomUUID().toString().substring(0, 8);
  final String group = "phase-test-" + UUID.randomUUID();
  final EventCodec codec = new EventCodec("/ckan-migrate/test");

  PhaseTestSupport(TestDatabase stateDb) throws SQLException {
    this.stateDb = stateDb;
    try (Connection c = stateDb.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE public.test_execution (run_id text, attempt int, owner text,"
              + " started_at timestamptz DEFAULT now())");
      s.execute("CREATE TABLE public.test_side_effect (run_id text, attempt int, owner text)");
    }
  }

  Map<String, String> properties(long sleepMs, String policy) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.application.name", "phase-test");
    p.put("spring.main.banner-mode", "off");
    p.put("spring.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
    p.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
    p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
    p.put("spring.datasource.url", stateDb.jdbcUrl());
    p.put("spring.datasource.username", stateDb.server().superuser());
    p.put("spring.datasource.password", stateDb.server().password());
    p.put("ckan-migrate.consumer-group", group);
    p.put("ckan-migrate.phase.lease", "3s");
    p.put("ckan-migrate.phase.heartbeat", "1s");
    p.put("ckan-migrate.phase.recovery-interval", "1s");
    p.put("ckan-migrate.phase.outbox-interval", "200ms");
    p.put("test.phase", phase);
    p.put("test.sleep-ms", Long.toString(sleepMs));
    p.put("test.policy", policy);
    return p;
  }

  ConfigurableApplicationContext start(Map<String, String> properties) {
    return new SpringApplicationBuilder(TestPhaseApplication.class)
        .properties(
            properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList()
                .toArray(String[]::new))
        .run();
  }

  JdbcClient jdbc() {
    var ds =
        new org.springframework.jdbc.datasource.DriverManagerDataSource(
            stateDb.jdbcUrl(), stateDb.server().superuser(), stateDb.server().password());
    return JdbcClient.create(ds);
  }

  int executions(String runId) {
    return jdbc()
        .sql("SELECT count(*) FROM public.test_execution WHERE run_id = ?")
        .param(runId)
        .query(Integer.class)
        .single();
  }

  /** The attempts whose side effect happened. */
  List<Integer> sideEffects(String runId) {
    return jdbc()
        .sql("SELECT attempt FROM public.test_side_effect WHERE run_id = ? ORDER BY attempt")
        .param(runId)
        .query(Integer.class)
        .list();
  }

  List<EventEnvelope> events(String runId) {
    try (var reader = new EventStreamReader(KafkaBroker.shared().bootstrapServers(), codec)) {
      return reader.forRun(runId, Duration.ofSeconds(10));
    }
  }

  List<EventEnvelope> events(String runId, String type) {
    return events(runId).stream().filter(e -> e.type().equals(type)).toList();
  }

  static String topic() {
    return Topics.EVENTS;
  }
}
