package org.ckanmigrate.cli.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.PhaseProgressed;
import org.ckanmigrate.contract.event.RunCompleted;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.SchemaMigrated;
import org.ckanmigrate.contract.spec.RunSpec;
import org.junit.jupiter.api.Test;

class RunStateTest {

  private final EventCodec codec = new EventCodec("/test");
  private final RunSpec spec = new RunSpec(null, null, null, null, null);

  @Test
  void aWholeRunEndsSucceededWithEveryPhaseDone() {
    RunState run = new RunState("r");
    EventEnvelope start = codec.start("r", new RunRequested(spec, "dump"));
    var dump = new DumpCompleted("/a", "/m", "abcdef0123456789", 2048, "ckan", "gzip:1", 5, 100);
    var events =
        List.of(
            start,
            codec.follow(start, new PhaseProgressed("dump", 1, 1024, 0, "bytes")),
            codec.follow(start, dump),
            codec.follow(start, new LoadCompleted("ckan", 5, 100, 2048, Map.of(), 2, true)),
            codec.follow(
                start, new SchemaMigrated("71", "85", List.of(), List.of(), List.of(), 1, 1)),
            codec.follow(start, new IndexCompleted(10, 1, 0, true, 100.0)),
            codec.follow(start, new RunCompleted("index")));
    events.forEach(e -> run.apply(e, codec));

    assertThat(run.completed()).isTrue();
    assertThat(run.outcome()).isEqualTo("SUCCEEDED");
    assertThat(run.phases().values()).allMatch(p -> p.status == RunState.Status.SUCCEEDED);
    assertThat(RunView.line(run.phases().get("dump"), Instant.now()))
        .contains("2.0 kB", "5 tables");
  }

  @Test
  void aDroppedHarvestAndTheVacuumAreInTheSummaryWithItsNote() {
    RunState run = new RunState("r");
    EventEnvelope start = codec.start("r", new RunRequested(spec, "schema"));
    run.apply(start, codec);
    String note = "schema.harvest-sources is DROP: removed 5 harvest_source rows";
    run.apply(
        codec.follow(
            start,
            new SchemaMigrated(
                "71",
                "85",
                List.of(),
                List.of(),
                List.of(),
                0,
                0,
                "DROP",
                Map.of("harvest_source", 5L, "harvest_job", 9L),
                List.of(note),
                new SchemaMigrated.Vacuum(41, 0, 1.5))),
        codec);
    java.io.StringWriter text = new java.io.StringWriter();
    RunView.summary(run, new java.io.PrintWriter(text, true), Instant.now());

    assertThat(text.toString())
        .contains(
            "harvest dropped (14 rows in ledger)", "41 vacuumed", "Notes:", "schema: " + note);
  }

  @Test
  void theLoadsNotesAreInTheSummary() {
    RunState run = new RunState("r");
    EventEnvelope start = codec.start("r", new RunRequested(spec, "load"));
    run.apply(start, codec);
    String note =
        "ownership skip: the dump's owners fresh (41 objects, no such role on the target)";
    run.apply(
        codec.follow(
            start, new LoadCompleted("ckan", 5, 100, 2048, Map.of(), 2, true, List.of(note))),
        codec);
    java.io.StringWriter text = new java.io.StringWriter();
    RunView.summary(run, new java.io.PrintWriter(text, true), Instant.now());

    assertThat(text.toString()).contains("Notes:", "load: " + note);
  }

  @Test
  void aFailureStopsTheRunAndAResumeRestartsThePhase() {
    RunState run = new RunState("r");
    EventEnvelope start = codec.start("r", new RunRequested(spec, "load"));
    run.apply(start, codec);
    assertThat(run.phases().get("dump").status).isEqualTo(RunState.Status.SKIPPED);
    assertThat(run.phases().get("load").status).isEqualTo(RunState.Status.RUNNING);

    run.apply(codec.follow(start, new PhaseFailed("load", "TARGET_NOT_EMPTY", "m", 1)), codec);
    assertThat(run.failed().name).isEqualTo("load");
    assertThat(run.outcome()).isEqualTo("FAILED");

    run.apply(codec.start("r", new RunRequested(spec, "load")), codec);
    assertThat(run.failed()).isNull();
    assertThat(run.phases().get("load").status).isEqualTo(RunState.Status.RUNNING);
  }

  @Test
  void eventsOfOtherRunsAreIgnored() {
    RunState run = new RunState("r");
    run.apply(codec.start("other", new RunRequested(spec, "dump")), codec);
    assertThat(run.known()).isFalse();
  }
}
