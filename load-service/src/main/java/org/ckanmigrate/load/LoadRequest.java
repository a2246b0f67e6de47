package org.ckanmigrate.load;

import java.nio.file.Path;
import java.util.Map;
import org.ckanmigrate.contract.spec.TargetSpec;

/**
 * One load: which artifact, into which target, and what the dump recorded about it.
 *
 * @param runId the migration run; the staging database's name derives from it, so a rerun after a
 *     crash finds and drops what the crashed run left
 * @param artifact the plain pg_dump file, gzip or uncompressed
 * @param manifest the dump's manifest, or null to use {@code <artifact>.manifest.json} if present
 * @param expectedSha256 the artifact's SHA-256 as recorded by the dump (overrides the manifest's),
 *     or null
 * @param expectedSizeBytes the artifact's size as recorded, or null
 * @param target where to load
 * @param options tuning; null for defaults
 */
public record LoadRequest(
    String runId,
    Path artifact,
    Path manifest,
    String expectedSha256,
    Long expectedSizeBytes,
    TargetSpec target,
    Options options) {

  /**
   * Tuning that is not part of the run spec.
   *
   * @param spoolDir where a compressed dump is decompressed for parallel loading (null: the system
   *     temp directory)
   * @param sessionSettings settings for every loading session (bulk-load settings)
   * @param replicaRole set {@code session_replication_role = replica} when the role may
   * @param rowsLoaded receives the rows loaded so far as each table's COPY ends; null for none
   * @param beforeSwap runs right before the swap, the load's one irreversible step, and throws to
   *     stop the load there (the phase confirms it still owns the job); null for none
   */
  public record Options(
      Path spoolDir,
      Map<String, String> sessionSettings,
      boolean replicaRole,
      java.util.function.LongConsumer rowsLoaded,
      Runnable beforeSwap) {

    public Options(Path spoolDir, Map<String, String> sessionSettings, boolean replicaRole) {
      this(spoolDir, sessionSettings, replicaRole, null, null);
    }

    public Options(
        Path spoolDir,
        Map<String, String> sessionSettings,
        boolean replicaRole,
        java.util.function.LongConsumer rowsLoaded) {
      this(spoolDir, sessionSettings, replicaRole, rowsLoaded, null);
    }

    public static Options defaults() {
      return new Options(
          null, Map.of("synchronous_commit", "off", "maintenance_work_mem", "512MB"), true);
    }
  }

  public Options optionsOrDefaults() {
    return options == null ? Options.defaults() : options;
  }
}
