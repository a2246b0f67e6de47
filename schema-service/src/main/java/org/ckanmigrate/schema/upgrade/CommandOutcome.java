package org.ckanmigrate.schema.upgrade;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitStatus its exit status; -1 when it was killed on timeout
 * @param timedOut whether it was killed because the timeout passed
 * @param elapsed how long it ran
 */
public record CommandOutcome(int exitStatus, boolean timedOut, Duration elapsed) {}
