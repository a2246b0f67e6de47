package org.ckanmigrate.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private final EventCodec codec = new EventCodec("/ckan-migrate/test");

  @Test
  void envelopeIsCloudEventsJsonWithLogicalTypeAndNoClassNames() {
    var spec =
        new RunSpec(
            null,
            null,
            TargetSpec.builder()
                .jdbcUrl("jdbc:postgresql://db/postgres")
                .user("ckan")
                .password(SecretRef.ofEnv("TARGET_PW"))
                .database("ckan")
                .excludeTables(List.of())
                .schemaOnlyTables(List.of("tag"))
                .parallelism(2)
                .build(),
            null,
            null);
    EventEnvelope event = codec.start("run-1", new RunRequested(spec, "load"));
    String json = codec.toJson(event);

    assertThat(json)
        .contains("\"specversion\":\"1.0\"")
        .contains("\"type\":\"org.ckanmigrate.run.requested.v1\"")
        .contains("\"subject\":\"run-1\"")
        .contains("\"source\":\"/ckan-migrate/test\"")
        .contains("\"env\":\"TARGET_PW\"")
        .doesNotContain("org.ckanmigrate.platform");
    assertThat(event.correlationid()).isEqualTo(event.id());
    EventEnvelope back = codec.fromJson(json);
    assertThat(codec.payload(back)).isEqualTo(new RunRequested(spec, "load"));
    assertThat(back.time()).isEqualTo(event.time());
  }

  @Test
  void followingEventKeepsCorrelationAndNamesItsCause() {
    EventEnvelope first = codec.start("run-1", new RunCompleted("index"));
    EventEnvelope next = codec.follow(first, new PhaseFailed("load", "X", "m", 1));
    assertThat(next.correlationid()).isEqualTo(first.id());
    assertThat(next.causationid()).isEqualTo(first.id());
    assertThat(next.subject()).isEqualTo("run-1");
    assertThat(next.id()).isNotEqualTo(first.id());
  }

  @Test
  void phaseFailedCarriesItsDetailsAndReadsEventsWrittenBeforeThem() {
    EventEnvelope first = codec.start("run-1", new RunCompleted("index"));
    PhaseFailed failed =
        new PhaseFailed(
            "schema",
            "CKAN_UPGRADE_FAILED",
            "m",
            2,
            Map.of("sshFailure", "HOST_KEY_UNKNOWN", "pass", "1"));
    String json = codec.toJson(codec.follow(first, failed));
    assertThat(json).contains("\"details\":{\"pass\":\"1\",\"sshFailure\":\"HOST_KEY_UNKNOWN\"}");
    assertThat(codec.payload(codec.fromJson(json))).isEqualTo(failed);

    // An event written before the field existed reads with no details.
    String old =
        json.replace(",\"details\":{\"pass\":\"1\",\"sshFailure\":\"HOST_KEY_UNKNOWN\"}", "");
    assertThat(old).doesNotContain("details");
    PhaseFailed read = (PhaseFailed) codec.payload(codec.fromJson(old));
    assertThat(read.details()).isEmpty();
    assertThat(read.code()).isEqualTo("CKAN_UPGRADE_FAILED");
  }

  @Test
  void unknownTypesAreRefused() {
    EventEnvelope first = codec.start("run-1", new RunCompleted("index"));
    EventEnvelope future =
        new EventEnvelope(
            "1.0",
            "id",
            "s",
            "org.ckanmigrate.run.completed.v2",
            "run-1",
            first.time(),
            "c",
            null,
            "application/json",
            first.data());
    assertThatThrownBy(() -> codec.payload(future))
        .isInstanceOf(UnknownEventTypeException.class)
        .hasMessageContaining("run.completed.v2");
  }

  @Test
  void everyTypeHasAUniqueVersionedWireName() {
    assertThat(EventType.values())
        .extracting(EventType::wireName)
        .doesNotHaveDuplicates()
        .allMatch(name -> name.startsWith("org.ckanmigrate.") && name.matches(".*\\.v\\d+"));
  }
}
