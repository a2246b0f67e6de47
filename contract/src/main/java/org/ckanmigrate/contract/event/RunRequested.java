package org.ckanmigrate.contract.event;

import org.ckanmigrate.contract.spec.RunSpec;

/**
 * An operator asked for a migration run, or for a failed run to be resumed. Carries the whole run
 * spec (secrets only by reference).
 *
 * @param spec the run spec
 * @param startPhase the first phase to run ({@code dump} for a whole migration); for a resume, the
 *     failed phase
 * @param inputs outputs of earlier phases when the run starts later than the dump (e.g. the
 *     artifact to load); null otherwise
 */
public record RunRequested(RunSpec spec, String startPhase, PhaseInputs inputs) {

  public RunRequested(RunSpec spec, String startPhase) {
    this(spec, startPhase, null);
  }

  /** Whether this request starts (or resumes) {@code phase}. */
  public boolean starts(String phase) {
    return phase.equals(startPhase == null ? "dump" : startPhase);
  }

  /**
   * What earlier phases would have produced, for a run that starts after them.
   *
   * @param dump the dump artifact to load, for a run starting at {@code load}
   */
  public record PhaseInputs(DumpCompleted dump) {}
}
