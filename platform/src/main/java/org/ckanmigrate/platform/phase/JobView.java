package org.ckanmigrate.platform.phase;

import java.time.Instant;

/**
 * One (run, phase) job as recorded in a service's state database: what status views show.
 *
 * @param completionEvent the JSON of the event the job ended with (completion or failure), if any
 */
public record JobView(
    String runId,
    String phase,
    JobStatus status,
    int attempt,
    String owner,
    Instant leaseUntil,
    String errorCode,
    String errorMessage,
    Long progressDone,
    Long progressTotal,
    String progressUnit,
    Instant requestedAt,
    Instant startedAt,
    Instant finishedAt,
    String completionEvent) {}
