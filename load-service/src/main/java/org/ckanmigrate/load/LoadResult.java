package org.ckanmigrate.load;

import java.util.List;
import java.util.Map;

/**
 * A completed, verified load.
 *
 * @param database the target database now holding the dump
 * @param tables tables with data in the dump
 * @param rows rows loaded
 * @param dumpBytes decompressed dump size
 * @param artifactBytes artifact size
 * @param sha256 the artifact's SHA-256, checked against the recorded one; null when none was
 *     recorded
 * @param sectionMillis wall time per step (artifact check, prepare target, pre-data, data,
 *     post-data, verify, swap)
 * @param parallelism connections that loaded data
 * @param replicationRoleReplica whether {@code session_replication_role = replica} was in force
 * @param spoolBytes disk used to spool the decompressed dump (0 when none)
 * @param statementsSkipped statements left out by the ownership, privilege and table policy
 * @param replacedExisting whether an existing target database was replaced
 * @param notes things the operator should know (e.g. section order used instead of replica role)
 * @param tableLoads per-table rows, bytes and COPY time, largest first
 */
public record LoadResult(
    String database,
    int tables,
    long rows,
    long dumpBytes,
    long artifactBytes,
    String sha256,
    Map<String, Long> sectionMillis,
    int parallelism,
    boolean replicationRoleReplica,
    long spoolBytes,
    long statementsSkipped,
    boolean replacedExisting,
    List<String> notes,
    List<TableLoad> tableLoads) {

  /** One table's data. */
  public record TableLoad(String table, long rows, long bytes, long millis) {}
}
