package org.ckanmigrate.platform.phase;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.spec.RunSpec;

/** What a running phase knows about itself: its run, its trigger, and whether it may go on. */
public final class PhaseExecution {

  private final String runId;
  private final String phase;
  private final int attempt;
  private final EventEnvelope trigger;
  private final RunSpec runSpec;
  private final EventCodec codec;
  private final Thread worker;
  private final LeaseCheck lease;
  private final Outbox outbox;
  private volatile String cancelledBecause;
  private volatile long leaseRenewedNanos = System.nanoTime();
  private final AtomicReference<Progress> progress = new AtomicReference<>();

  PhaseExecution(
      String runId,
      String phase,
      int attempt,
      EventEnvelope trigger,
      RunSpec runSpec,
      EventCodec codec,
      Thread worker,
      LeaseCheck lease,
      Outbox outbox) {
    this.runId = runId;
    this.phase = phase;
    this.attempt = attempt;
    this.trigger = trigger;
    this.runSpec = runSpec;
    this.codec = codec;
    this.worker = worker;
    this.lease = lease;
    this.outbox = outbox;
  }

  /** Writes an event to the service's outbox (sent by the relay once the broker takes it). */
  @FunctionalInterface
  interface Outbox {
    void enqueue(String topic, String key, EventEnvelope event);
  }

  /** Whether this worker still holds its job's lease (renewing it); may throw if unreachable. */
  @FunctionalInterface
  interface LeaseCheck {
    boolean confirm();
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
          ErrorCode.INVALID_REQUEST,
          "Run "
              + runId
              + " has no run spec recorded by this service; the "
              + phase
              + " phase needs"
              + " one (request the run again with its spec)");
    }
    return runSpec;
  }

  /**
   * The section of the run spec this phase needs ({@code source}, {@code target}, ...), or an
   * {@code INVALID_REQUEST} failure naming it.
   */
  public <T> T requireSection(String name, java.util.function.Function<RunSpec, T> section)
      throws PhaseFailureException {
    T value = section.apply(requireRunSpec());
    if (value == null) {
      throw new PhaseFailureException(
          ErrorCode.INVALID_REQUEST,
          "Run " + runId + " has no " + name + " section; the " + phase + " phase needs one");
    }
    return value;
  }

  /** Why this execution was cancelled, or null. */
  String cancelledBecause() {
    return cancelledBecause;
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

  /**
   * Fences an irreversible step (a database swap, a file rename, a final delete): confirms, against
   * the state database, that this worker still owns the job with a live lease, renewing it. If it
   * does not, or the state database cannot say, the worker stops here ({@link
   * PhaseCancelledException}): another instance may own the job by now, and only the owner may act.
   * The job is left as it is; its lease runs out and the phase's interruption policy decides.
   *
   * @param step what is about to happen, for the log
   */
  public void confirmLease(String step) {
    checkNotCancelled();
    boolean owned;
    try {
      owned = lease.confirm();
    } catch (RuntimeException e) {
      String reason =
          "could not confirm the lease on run "
              + runId
              + " "
              + phase
              + " before "
              + step
              + " (state database: "
              + org.ckanmigrate.contract.secret.Scrubber.scrub(String.valueOf(e.getMessage()))
              + ")";
      cancel(reason);
      throw new PhaseCancelledException(reason);
    }
    if (!owned) {
      String reason = "lost the lease on run " + runId + " " + phase + " before " + step;
      cancel(reason);
      throw new PhaseCancelledException(reason);
    }
    leaseRenewed();
  }

  void leaseRenewed() {
    leaseRenewedNanos = System.nanoTime();
  }

  java.time.Duration sinceLeaseRenewed() {
    return java.time.Duration.ofNanos(System.nanoTime() - leaseRenewedNanos);
  }

  /**
   * Publishes {@code payload}, caused by this phase's trigger, through the service's outbox: it is
   * recorded in the state database at once and sent when the broker takes it, so a broker that is
   * away for a while delays the event instead of failing the phase (the relay retries).
   */
  public void publishThroughOutbox(String topic, String key, Object payload) {
    outbox.enqueue(topic, key, codec.follow(trigger, payload));
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
