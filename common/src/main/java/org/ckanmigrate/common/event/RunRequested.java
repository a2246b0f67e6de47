package org.ckanmigrate.common.event;

import org.ckanmigrate.common.spec.RunSpec;

/**
 * An operator asked for a migration run. Carries the whole run spec (secrets only by reference).
 *
 * @param spec the run spec
 * @param startPhase the first phase to run ({@code dump} for a whole migration)
 */
public record RunRequested(RunSpec spec, String startPhase) {}
