package org.ckanmigrate.platform.phase;

import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.Phase;

/**
 * One phase of a migration, implemented by a service as a bean. The phase runner calls it on a
 * worker thread (never the Kafka listener thread: phases last hours), at most once at a time per
 * run, and records its outcome in the service's job table before any event leaves.
 */
public interface PhaseHandler {

  /**
   * The phase as the operator sees it: {@code dump}, {@code load}, {@code schema}, {@code index}.
   */
  String phase();

  /**
   * Whether this event starts the phase, e.g. a {@code DumpCompleted} for the load, or a {@code
   * RunRequested} whose start phase is this one ({@link Phase#triggeredBy}).
   */
  default boolean triggeredBy(EventType type, Object payload) {
    return Phase.named(phase())
        .orElseThrow(() -> new IllegalStateException("not a phase: " + phase()))
        .triggeredBy(type, payload);
  }

  /**
   * What to do when a worker died mid-phase: run it again by default, which every phase supports
   * (each starts clean and fences its side effects with the job's attempt).
   */
  default InterruptionPolicy interruptionPolicy() {
    return InterruptionPolicy.RESUME;
  }

  /** Whether this phase's success completes the run (the last phase). */
  default boolean completesRun() {
    return false;
  }

  /**
   * Does the work and returns the completion event's payload (a record of {@link EventType}).
   * Throws {@link PhaseFailureException} for failures the operator can act on; anything else is
   * recorded as {@code INTERNAL_ERROR}. Long loops call {@link PhaseExecution#checkNotCancelled()}.
   */
  Object run(PhaseExecution execution) throws Exception;
}
