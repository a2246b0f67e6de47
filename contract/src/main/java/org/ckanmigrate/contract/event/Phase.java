package org.ckanmigrate.contract.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The phases of a migration, in run order, with the event each completes with and what starts each:
 * the one place the order is written down. A phase starts on the previous phase's completion event,
 * or on a {@code RunRequested} whose start phase it is (a run starting later, or a resume).
 */
public enum Phase {
  DUMP("dump", EventType.DUMP_COMPLETED),
  LOAD("load", EventType.LOAD_COMPLETED),
  SCHEMA("schema", EventType.SCHEMA_MIGRATED),
  INDEX("index", EventType.INDEX_COMPLETED);

  private final String wireName;
  private final EventType completion;

  Phase(String wireName, EventType completion) {
    this.wireName = wireName;
    this.completion = completion;
  }

  /** The event this phase's success publishes (its payload is the phase's result). */
  public EventType completion() {
    return completion;
  }

  /** The phase whose success {@code type} reports, if it is a completion event. */
  public static Optional<Phase> completedBy(EventType type) {
    return Arrays.stream(values()).filter(p -> p.completion == type).findFirst();
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
    return ordinal() > 0 && type == values()[ordinal() - 1].completion;
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
