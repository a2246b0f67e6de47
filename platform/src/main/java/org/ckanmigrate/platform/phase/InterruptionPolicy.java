package org.ckanmigrate.platform.phase;

/** What happens to a phase whose worker disappeared (its lease expired while it ran). */
public enum InterruptionPolicy {
  /** Run it again from the start: the phase is idempotent and cleans up after itself. */
  RESUME,
  /** Record it FAILED with code {@code INTERRUPTED}; an operator decides (resume the run). */
  FAIL
}
