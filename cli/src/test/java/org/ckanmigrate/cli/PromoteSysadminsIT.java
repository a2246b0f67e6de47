package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.ckanmigrate.common.ckan.SysadminLedger;
import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.event.RunRequested;
import org.ckanmigrate.common.kafka.StandaloneEventPublisher;
import org.ckanmigrate.common.kafka.Topics;
import org.ckanmigrate.common.spec.RunSpec;
import org.ckanmigrate.common.spec.TargetSpec;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Re-promoting sysadmins after a run: only those its ledger recorded, in its target database. */
class PromoteSysadminsIT {

  @Test
  void promotesRecordedSysadminsOnlyAndNamesTheOthers() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String kafka = KafkaBroker.shared().bootstrapServers();
    String runId = "promote-" + UUID.randomUUID();
    try (TestDatabase ckan = pg.createDatabase("promote_target")) {
      try (Connection c = ckan.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE \"user\" (id text PRIMARY KEY, name text, email text, fullname text,"
                + " sysadmin boolean)");
        s.execute(
            "INSERT INTO \"user\" VALUES ('u1', 'Alice Renamed', 'a@x', 'Alice', false),"
                + " ('u2', 'bob', 'b@x', 'Bob', true), ('u3', 'eve', 'e@x', 'Eve', false)");
        s.execute("CREATE SCHEMA " + SysadminLedger.OWN_SCHEMA);
        s.execute(
            "CREATE TABLE "
                + SysadminLedger.OWN_SCHEMA
                + ".sysadmin_ledger (run_id text, user_id text, name text NOT NULL, email text,"
                + " fullname text, recorded_at timestamptz DEFAULT now(), repromoted_at"
                + " timestamptz, PRIMARY KEY (run_id, user_id))");
        s.execute(
            "INSERT INTO "
                + SysadminLedger.OWN_SCHEMA
                + ".sysadmin_ledger (run_id, user_id, name) VALUES ('"
                + runId
                + "', 'u1', 'alice_d1'), ('"
                + runId
                + "', 'u2', 'bob')");
      }
      EventCodec codec = new EventCodec("/test");
      TargetSpec target =
          TargetSpec.builder()
              .jdbcUrl(pg.jdbcUrl("postgres"))
              .user(pg.superuser())
              .database(ckan.name())
              .parallelism(1)
              .build();
      try (var publisher = new StandaloneEventPublisher(kafka, codec)) {
        publisher.publish(
            Topics.EVENTS,
            codec.start(
                runId, new RunRequested(new RunSpec(null, null, target, null, null), "schema")));
      }

      StringWriter out = new StringWriter();
      CommandLine cmd = new CommandLine(new CkanMigrateCli());
      cmd.setOut(new PrintWriter(out, true));
      cmd.setErr(new PrintWriter(out, true));
      int code =
          cmd.execute("promote-sysadmins", runId, "alice_d1", "bob", "eve", "--kafka", kafka);

      assertThat(code).as(out.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(out.toString())
          .contains("promoted:          [alice_d1]")
          .contains("already sysadmin:  [bob]")
          .contains("NOT in the ledger (not promoted): [eve]");
      try (Connection c = ckan.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM \"user\" WHERE sysadmin ORDER BY id")) {
        StringBuilder ids = new StringBuilder();
        while (rs.next()) {
          ids.append(rs.getString(1)).append(' ');
        }
        assertThat(ids.toString().trim()).isEqualTo("u1 u2");
      }
    }
  }
}
