package org.ckanmigrate.common.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The phases of a migration, in run order, and what starts each: the one place the order is written
 * down. A phase starts on the previous phase's completion event, or on a {@code RunRequested} whose
 * start phase it is (a run starting later, or a resume).
 */
public enum Phase {
  DUMP("dump", null),
  LOAD("load", EventType.DUMP_COMPLETED),
  SCHEMA("schema", EventType.LOAD_COMPLETED),
  INDEX("index", EventType.SCHEMA_MIGRATED);

  private final String wireName;
  private final EventType afterCompletion;

  Phase(String wireName, EventType afterCompletion) {
    this.wireName = wireName;
    this.afterCompletion = afterCompletion;
  }

  /** The name the operator uses ({@code --start-phase}) and the events and job rows carry. */
  public String wireName() {
    return wireName;
  }

  /** The phase after this one, if any. */
  public Optional<Phase> next() {
    return ordinal() + 1 < values().length
        ? Optional.of(values()[ordinal() + 1])
        : Optional.empty();
  }

  /** Whether this phase runs in a run that starts at {@code start}. */
  public boolean runsFrom(Phase start) {
    return compareTo(start) >= 0;
  }

  /**
   * Whether {@code type} with {@code payload} starts this phase: the previous phase's completion,
   * or a request starting (or resuming) at this phase.
   */
  public boolean triggeredBy(EventType type, Object payload) {
    if (type == EventType.RUN_REQUESTED) {
      return ((RunRequested) payload).starts(wireName);
    }
    return type == afterCompletion;
  }

  /** The phase named {@code name} ({@code dump}, {@code load}, {@code schema}, {@code index}). */
  public static Optional<Phase> named(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }

  /** The phases' names in run order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Phase::wireName).toList();
  }
}
