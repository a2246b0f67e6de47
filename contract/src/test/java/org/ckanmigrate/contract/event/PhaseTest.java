package org.ckanmigrate.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTest {

  @Test
  void phasesRunInTheOperatorsOrder() {
    assertThat(Phase.names()).containsExactly("dump", "load", "schema", "index");
    assertThat(Phase.DUMP.next()).contains(Phase.LOAD);
    assertThat(Phase.INDEX.next()).isEmpty();
    assertThat(Phase.named("schema")).contains(Phase.SCHEMA);
    assertThat(Phase.named("Schema")).isEmpty();
    assertThat(Phase.LOAD.runsFrom(Phase.LOAD)).isTrue();
    assertThat(Phase.DUMP.runsFrom(Phase.LOAD)).isFalse();
  }

  @Test
  void eachCompletionStartsExactlyTheNextPhase() {
    for (EventType completion :
        List.of(EventType.DUMP_COMPLETED, EventType.LOAD_COMPLETED, EventType.SCHEMA_MIGRATED)) {
      List<Phase> started = started(completion, null);
      assertThat(started).as(completion.name()).hasSize(1);
    }
    assertThat(started(EventType.DUMP_COMPLETED, null)).containsExactly(Phase.LOAD);
    assertThat(started(EventType.SCHEMA_MIGRATED, null)).containsExactly(Phase.INDEX);
    assertThat(started(EventType.INDEX_COMPLETED, null)).isEmpty();
  }

  @Test
  void aRequestStartsOnlyItsStartPhaseTheDumpByDefault() {
    assertThat(started(EventType.RUN_REQUESTED, new RunRequested(null, null)))
        .containsExactly(Phase.DUMP);
    for (Phase p : Phase.values()) {
      assertThat(started(EventType.RUN_REQUESTED, new RunRequested(null, p.wireName())))
          .containsExactly(p);
    }
  }

  private static List<Phase> started(EventType type, Object payload) {
    List<Phase> out = new ArrayList<>();
    for (Phase p : Phase.values()) {
      if (p.triggeredBy(type, payload)) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void eachPhaseCompletesWithItsOwnEventAndOnlyThatOne() {
    for (Phase p : Phase.values()) {
      assertThat(Phase.completedBy(p.completion())).contains(p);
    }
    assertThat(Phase.completedBy(EventType.SCHEMA_MIGRATED)).contains(Phase.SCHEMA);
    assertThat(Phase.completedBy(EventType.PHASE_FAILED)).isEmpty();
    assertThat(Phase.completedBy(EventType.RUN_COMPLETED)).isEmpty();
  }
}
