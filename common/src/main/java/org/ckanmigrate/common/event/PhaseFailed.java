package org.ckanmigrate.common.event;

/**
 * A phase failed; the run stops here until resumed.
 *
 * @param phase the phase as the operator sees it ({@code dump}, {@code load}, {@code schema},
 *     {@code index})
 * @param code a stable error code, e.g. {@code HOST_KEY_MISMATCH}
 * @param message what went wrong and what to do, with secrets scrubbed
 * @param attempt which attempt failed, from 1
 */
public record PhaseFailed(String phase, String code, String message, int attempt) {}
