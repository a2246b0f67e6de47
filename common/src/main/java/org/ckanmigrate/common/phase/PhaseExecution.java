package org.ckanmigrate.common.phase;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.event.EventEnvelope;
import org.ckanmigrate.common.spec.RunSpec;

/** What a running phase knows about itself: its run, its trigger, and whether it may go on. */
public final class PhaseExecution {

  private final String runId;
  private final String phase;
  private final int attempt;
  private final EventEnvelope trigger;
  private final RunSpec runSpec;
  private final EventCodec codec;
  private final Thread worker;
  private volatile String cancelledBecause;
  private final AtomicReference<Progress> progress = new AtomicReference<>();

  PhaseExecution(
      String runId,
      String phase,
      int attempt,
      EventEnvelope trigger,
      RunSpec runSpec,
      EventCodec codec,
      Thread worker) {
    this.runId = runId;
    this.phase = phase;
    this.attempt = attempt;
    this.trigger = trigger;
    this.runSpec = runSpec;
    this.codec = codec;
    this.worker = worker;
  }

  public String runId() {
    return runId;
  }

  public String phase() {
    return phase;
  }

  /** Which attempt this is, from 1. */
  public int attempt() {
    return attempt;
  }

  /** The event that started this phase. */
  public EventEnvelope trigger() {
    return trigger;
  }

  public <T> T triggerPayload(Class<T> type) {
    return codec.payload(trigger, type);
  }

  /** The run spec recorded when the run was requested, if this service saw it. */
  public Optional<RunSpec> runSpec() {
    return Optional.ofNullable(runSpec);
  }

  /** The run spec, or an {@code INVALID_REQUEST} failure saying this phase needs one. */
  public RunSpec requireRunSpec() throws PhaseFailureException {
    if (runSpec == null) {
      throw new PhaseFailureException(
          "INVALID_REQUEST",
          "Run "
              + runId
              + " has no run spec recorded by this service; the "
              + phase
              + " phase needs"
              + " one (request the run again with its spec)");
    }
    return runSpec;
  }

  public boolean isCancelled() {
    return cancelledBecause != null;
  }

  /** Throws if the job was taken over by another worker or the service is stopping. */
  public void checkNotCancelled() {
    String reason = cancelledBecause;
    if (reason != null) {
      throw new PhaseCancelledException(reason);
    }
  }

  /** Reports progress; the runner stores it with the next heartbeat for status views. */
  public void progress(long done, long total, String unit) {
    progress.set(new Progress(done, total, unit));
  }

  Progress latestProgress() {
    return progress.get();
  }

  void cancel(String reason) {
    cancelledBecause = reason;
    worker.interrupt();
  }

  record Progress(long done, long total, String unit) {}
}
