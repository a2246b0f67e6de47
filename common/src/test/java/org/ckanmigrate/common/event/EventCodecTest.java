package org.ckanmigrate.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ckanmigrate.common.spec.RunSpec;
import org.ckanmigrate.common.spec.SecretRef;
import org.ckanmigrate.common.spec.TargetSpec;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private final EventCodec codec = new EventCodec("/ckan-migrate/test");

  @Test
  void envelopeIsCloudEventsJsonWithLogicalTypeAndNoClassNames() {
    var spec =
        new RunSpec(
            null,
            null,
            new TargetSpec(
                "jdbc:postgresql://db/postgres",
                "ckan",
                SecretRef.ofEnv("TARGET_PW"),
                "ckan",
                false,
                List.of(),
                List.of("tag"),
                2),
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
        .doesNotContain("org.ckanmigrate.common");
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
