package org.ckanmigrate.cli.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.spec.RunSpec;
import org.junit.jupiter.api.Test;

class RunJsonTest {

  private final EventCodec codec = new EventCodec("/test");

  @Test
  void aFailedRunIsDataWithEachPhasesResultAndTheFailure() throws Exception {
    RunState run = new RunState("r-json");
    EventEnvelope start =
        codec.start("r-json", new RunRequested(new RunSpec(null, null, null, null, null), "dump"));
    run.apply(start, codec);
    run.apply(
        codec.follow(
            start,
            new DumpCompleted("/a", "/m", "abcdef0123456789", 2048, "ckan", "gzip:1", 5, 100)),
        codec);
    run.apply(
        codec.follow(
            start,
            new LoadCompleted(
                "ckan", 5, 100, 2048, Map.of(), 2, true, List.of("ownership skip: ..."))),
        codec);
    run.apply(
        codec.follow(start, new PhaseFailed("schema", "MIGRATION_FAILED", "V3 failed", 1, null)),
        codec);

    String text = codec.mapper().writeValueAsString(RunJson.run(run, Instant.now()));
    Map<String, Object> json = map(codec.mapper().readValue(text, Map.class));

    assertThat(json.get("runId")).isEqualTo("r-json");
    assertThat(json.get("outcome")).isEqualTo("FAILED");
    List<Map<String, Object>> phases =
        ((List<?>) json.get("phases")).stream().map(RunJsonTest::map).toList();
    assertThat(phases.stream().map(p -> p.get("phase")).toList())
        .isEqualTo(List.of("dump", "load", "schema", "index"));
    assertThat(phases.stream().map(p -> p.get("status")).toList())
        .isEqualTo(List.of("SUCCEEDED", "SUCCEEDED", "FAILED", "PENDING"));
    assertThat(map(phases.get(0).get("result")).get("sha256")).isEqualTo("abcdef0123456789");
    assertThat(map(phases.get(1).get("result")).get("notes"))
        .isEqualTo(List.of("ownership skip: ..."));
    Map<String, Object> failure = map(phases.get(2).get("failure"));
    assertThat(failure.get("code")).isEqualTo("MIGRATION_FAILED");
    assertThat(failure.get("message")).isEqualTo("V3 failed");

    Map<String, Object> line =
        map(
            codec
                .mapper()
                .readValue(codec.mapper().writeValueAsString(RunJson.summary(run)), Map.class));
    assertThat(line.get("currentPhase")).isEqualTo("schema");
    assertThat(line.get("outcome")).isEqualTo("FAILED");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
