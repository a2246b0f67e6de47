package org.ckanmigrate.contract.event;

/**
 * A request for a run was refused before any phase started; the run, if it exists, goes on as it
 * was. Today the one reason is {@code RUN_ID_CONFLICT}: a run's identity is its spec, and the
 * request reused a run id with a different spec.
 *
 * @param code a stable error code, e.g. {@code RUN_ID_CONFLICT}
 * @param message what was refused and what to do
 * @param rejectedEventId the id of the refused request's event, so the client that sent it knows
 *     the refusal is its own
 */
public record RunRejected(String code, String message, String rejectedEventId) {}
