package org.ckanmigrate.cli.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.PhaseProgressed;
import org.ckanmigrate.contract.event.RunRejected;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.RunSpecValidator;

/**
 * A run as its events tell it: a projection of the event stream, so any terminal (or a restarted
 * CLI) sees the same run the services recorded.
 */
public final class RunState {

  /** Where one phase stands. */
  public enum Status {
    PENDING,
    SKIPPED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** One phase's state, latest progress and outcome. */
  public static final class Phase {
    public final String name;
    public Status status = Status.PENDING;
    public Instant startedAt;
    public Instant endedAt;
    public PhaseProgressed progress;
    public Object result;
    public PhaseFailed failure;

    Phase(String name) {
      this.name = name;
    }

    public Duration elapsed(Instant now) {
      if (startedAt == null) {
        return Duration.ZERO;
      }
      return Duration.between(startedAt, endedAt != null ? endedAt : now);
    }
  }

  private final String runId;
  private final Map<String, Phase> phases = new LinkedHashMap<>();
  private RunSpec spec;
  private String startPhase;
  private RunRequested.PhaseInputs inputs;
  private Instant requestedAt;
  private boolean requestFromRecord;
  private boolean completed;
  private int events;
  private final Map<String, RunRejected> rejections = new java.util.HashMap<>();

  public RunState(String runId) {
    this.runId = runId;
    RunSpecValidator.PHASES.forEach(p -> phases.put(p, new Phase(p)));
  }

  /** The run as everything written so far on the cluster tells it. */
  public static RunState read(
      org.ckanmigrate.client.KafkaAccess bootstrapServers, String runId, EventCodec codec) {
    RunState run = new RunState(runId);
    try (EventFollower follower = new EventFollower(bootstrapServers, codec)) {
      follower.catchUp(e -> run.apply(e, codec));
    }
    return run;
  }

  public void apply(EventEnvelope event, EventCodec codec) {
    if (!runId.equals(event.subject())) {
      return;
    }
    EventType type = EventType.fromWireName(event.type()).orElse(null);
    if (type == null) {
      return;
    }
    events++;
    Instant at = event.time();
    switch (type) {
      case RUN_REQUESTED -> {
        RunRequested r = codec.payload(event, RunRequested.class);
        String start = r.startPhase() == null ? "dump" : r.startPhase();
        if (spec == null || requestFromRecord) {
          // The first request event: what it gave in place of earlier phases.
          inputs = r.inputs();
          requestFromRecord = false;
        }
        request(r.spec(), start, at);
        start(start, at);
      }
      case DUMP_COMPLETED, LOAD_COMPLETED, SCHEMA_MIGRATED, INDEX_COMPLETED ->
          succeed(
              org.ckanmigrate.contract.event.Phase.completedBy(type).orElseThrow(),
              codec.payload(event, type.payloadType()),
              at);
      case PHASE_FAILED -> {
        PhaseFailed f = codec.payload(event, PhaseFailed.class);
        Phase p = phases.get(f.phase());
        if (p != null) {
          p.status = Status.FAILED;
          p.failure = f;
          p.endedAt = at;
        }
      }
      case PHASE_PROGRESSED -> {
        PhaseProgressed pr = codec.payload(event, PhaseProgressed.class);
        Phase p = phases.get(pr.phase());
        if (p != null && p.status == Status.RUNNING) {
          p.progress = pr;
        }
      }
      case RUN_COMPLETED -> completed = true;
      case RUN_REJECTED -> {
        RunRejected r = codec.payload(event, RunRejected.class);
        rejections.putIfAbsent(r.rejectedEventId(), r);
      }
      default -> {}
    }
  }

  /**
   * The run's request as the services recorded it in their state databases ({@link RecordedRuns}),
   * for a run whose request event is no longer on the topic.
   */
  void recorded(RunSpec spec, String startPhase, Instant at) {
    events++;
    requestFromRecord = spec != null && this.spec == null;
    request(spec, startPhase, at);
    start(startPhase, at);
  }

  // The first request decides the spec and where the run started; a resume asks again.
  private void request(RunSpec requested, String start, Instant at) {
    if (spec != null) {
      return;
    }
    spec = requested;
    startPhase = start;
    requestedAt = at;
    for (String p : RunSpecValidator.PHASES) {
      if (p.equals(start)) {
        break;
      }
      phases.get(p).status = Status.SKIPPED;
    }
  }

  private void start(String phase, Instant at) {
    Phase p = phases.get(phase);
    if (p != null && p.status != Status.SUCCEEDED) {
      p.status = Status.RUNNING;
      p.startedAt = p.startedAt == null ? at : p.startedAt;
      p.endedAt = null;
      p.failure = null;
    }
  }

  private void succeed(org.ckanmigrate.contract.event.Phase phase, Object result, Instant at) {
    Phase p = phases.get(phase.wireName());
    if (p.status == Status.SUCCEEDED) {
      return; // a re-emitted completion
    }
    p.status = Status.SUCCEEDED;
    p.result = result;
    p.endedAt = at;
    p.failure = null;
    phase.next().ifPresent(next -> start(next.wireName(), at));
  }

  public String runId() {
    return runId;
  }

  public RunSpec spec() {
    return spec;
  }

  public String startPhase() {
    return startPhase;
  }

  /** What the first request gave in place of earlier phases (a run starting at the load). */
  public RunRequested.PhaseInputs inputs() {
    return inputs;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public boolean known() {
    return events > 0;
  }

  public boolean completed() {
    return completed;
  }

  /** The services' refusal of the request sent as event {@code requestEventId}, or null. */
  public RunRejected rejection(String requestEventId) {
    return rejections.get(requestEventId);
  }

  public Map<String, Phase> phases() {
    return phases;
  }

  /** The failed phase, if the run is stopped on a failure. */
  public Phase failed() {
    return phases.values().stream().filter(p -> p.status == Status.FAILED).findFirst().orElse(null);
  }

  /** SUCCEEDED, FAILED or RUNNING, for lists. */
  public String outcome() {
    if (completed) {
      return "SUCCEEDED";
    }
    return failed() != null ? "FAILED" : "RUNNING";
  }
}
