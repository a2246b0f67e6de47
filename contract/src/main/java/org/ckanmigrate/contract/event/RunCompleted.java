package org.ckanmigrate.contract.event;

/**
 * The last phase of a run succeeded.
 *
 * @param lastPhase the phase that completed the run
 */
public record RunCompleted(String lastPhase) {}
