package org.ckanmigrate.contract.event;

import java.util.Arrays;
import java.util.Optional;
import org.ckanmigrate.contract.command.PromoteSysadmins;

/**
 * Every logical event type on the wire, with the record its {@code data} holds. Names are versioned
 * so a payload change ships as a new type ({@code .v2}) that old consumers dead-letter instead of
 * misreading.
 */
public enum EventType {
  RUN_REQUESTED("org.ckanmigrate.run.requested.v1", RunRequested.class),
  DUMP_COMPLETED("org.ckanmigrate.dump.completed.v1", DumpCompleted.class),
  LOAD_COMPLETED("org.ckanmigrate.load.completed.v1", LoadCompleted.class),
  SCHEMA_MIGRATED("org.ckanmigrate.schema.migrated.v1", SchemaMigrated.class),
  REINDEX_BATCH_PLANNED("org.ckanmigrate.reindex.batch.planned.v1", ReindexBatchPlanned.class),
  INDEX_COMPLETED("org.ckanmigrate.index.completed.v1", IndexCompleted.class),
  PHASE_FAILED("org.ckanmigrate.phase.failed.v1", PhaseFailed.class),
  PHASE_PROGRESSED("org.ckanmigrate.phase.progressed.v1", PhaseProgressed.class),
  RUN_COMPLETED("org.ckanmigrate.run.completed.v1", RunCompleted.class),
  RUN_REJECTED("org.ckanmigrate.run.rejected.v1", RunRejected.class),
  // Commands (imperative) and their answers, beside the pipeline's facts.
  PROMOTE_SYSADMINS("org.ckanmigrate.sysadmins.promote.v1", PromoteSysadmins.class),
  SYSADMINS_REPROMOTED("org.ckanmigrate.sysadmins.repromoted.v1", SysadminsRepromoted.class),
  COMMAND_FAILED("org.ckanmigrate.command.failed.v1", CommandFailed.class);

  private final String wireName;
  private final Class<?> payloadType;

  EventType(String wireName, Class<?> payloadType) {
    this.wireName = wireName;
    this.payloadType = payloadType;
  }

  public String wireName() {
    return wireName;
  }

  public Class<?> payloadType() {
    return payloadType;
  }

  public static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  public static EventType of(Class<?> payloadType) {
    return Arrays.stream(values())
        .filter(t -> t.payloadType.equals(payloadType))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(payloadType.getName() + " is not an event payload"));
  }
}
