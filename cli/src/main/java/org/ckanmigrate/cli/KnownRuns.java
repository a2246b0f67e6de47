package org.ckanmigrate.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.cli.follow.EventFollower;
import org.ckanmigrate.cli.follow.RecordedRuns;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.contract.event.EventCodec;

/**
 * The runs the CLI can show: as the events topic tells them, and, for a run the topic no longer has
 * (its records expired or the topic was re-created), as the services' state databases recorded it,
 * when they are given ({@link StateDatabaseOptions}).
 */
final class KnownRuns {

  private KnownRuns() {}

  /** Every run, in the order they were requested. */
  static List<RunState> all(KafkaOptions kafka, StateDatabaseOptions state, EventCodec codec) {
    Map<String, RunState> byId = new LinkedHashMap<>();
    try (EventFollower follower = new EventFollower(kafka.access(), codec)) {
      follower.catchUp(e -> byId.computeIfAbsent(e.subject(), RunState::new).apply(e, codec));
    }
    byId.values().removeIf(r -> r.requestedAt() == null);
    if (state != null && !state.urls().isEmpty()) {
      recorded(state, codec).forEach((id, run) -> byId.putIfAbsent(id, run));
    }
    List<RunState> runs = new ArrayList<>(byId.values());
    runs.removeIf(r -> r.requestedAt() == null);
    runs.sort(Comparator.comparing(RunState::requestedAt));
    return runs;
  }

  /** One run; {@link RunState#known()} is false when neither source has it. */
  static RunState one(
      KafkaOptions kafka, StateDatabaseOptions state, String runId, EventCodec codec) {
    RunState run = RunState.read(kafka.access(), runId, codec);
    if (run.requestedAt() != null || state == null || state.urls().isEmpty()) {
      return run;
    }
    RunState recorded = recorded(state, codec).get(runId);
    return recorded != null ? recorded : run;
  }

  /** Where to look for a run that is not found, for the error message. */
  static String where(KafkaOptions kafka, StateDatabaseOptions state) {
    int dbs = state == null ? 0 : state.urls().size();
    return kafka.bootstrapServers()
        + (dbs == 0
            ? " (a run older than the topic's retention is in the services' state databases:"
                + " add --state-db)"
            : " or in " + dbs + " state database(s)");
  }

  private static Map<String, RunState> recorded(StateDatabaseOptions state, EventCodec codec) {
    return RecordedRuns.read(
        new RecordedRuns.Source(state.urls(), state.user(), state.password()), codec);
  }
}
