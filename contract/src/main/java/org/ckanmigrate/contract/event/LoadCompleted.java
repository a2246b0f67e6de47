package org.ckanmigrate.contract.event;

import java.util.List;
import java.util.Map;

/**
 * The dump was loaded into the target database and verified table by table.
 *
 * @param database the target database now holding the data
 * @param tables tables loaded
 * @param rows rows loaded
 * @param bytes dump bytes read
 * @param sectionMillis wall time per section (pre-data, data, post-data, verify)
 * @param parallelism connections used for data and post-data
 * @param replicationRoleReplica whether {@code session_replication_role = replica} was in force
 * @param notes what the operator should know of the load (what became of the dump's owners,
 *     extension tables checked apart, section order used), one sentence each; empty in events
 *     written before notes existed
 */
public record LoadCompleted(
    String database,
    int tables,
    long rows,
    long bytes,
    Map<String, Long> sectionMillis,
    int parallelism,
    boolean replicationRoleReplica,
    List<String> notes) {

  public LoadCompleted {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** The event without notes. */
  public LoadCompleted(
      String database,
      int tables,
      long rows,
      long bytes,
      Map<String, Long> sectionMillis,
      int parallelism,
      boolean replicationRoleReplica) {
    this(database, tables, rows, bytes, sectionMillis, parallelism, replicationRoleReplica, null);
  }
}
