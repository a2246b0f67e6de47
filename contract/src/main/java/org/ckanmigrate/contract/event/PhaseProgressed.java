package org.ckanmigrate.contract.event;

/**
 * How far a running phase has got; published every few seconds while it runs, for live views. Not a
 * trigger: losing one only makes a progress bar skip.
 *
 * @param phase the phase
 * @param attempt which attempt is running
 * @param done units done
 * @param total units in all, or 0 when unknown
 * @param unit {@code bytes}, {@code rows}, {@code scripts}, {@code datasets} ...
 */
public record PhaseProgressed(String phase, int attempt, long done, long total, String unit) {}
