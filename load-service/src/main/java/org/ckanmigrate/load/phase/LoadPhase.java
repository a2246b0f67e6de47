package org.ckanmigrate.load.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.Phase;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.LoadRequest;
import org.ckanmigrate.load.LoadResult;
import org.ckanmigrate.load.Loader;
import org.ckanmigrate.platform.files.ConfinedPaths;
import org.ckanmigrate.platform.phase.PhaseExecution;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.ckanmigrate.platform.phase.PhaseHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The load phase: started by dump-completed (or a run starting here with the dump's outputs), it
 * loads the artifact into a staging database, verifies it against the dump's manifest and swaps it
 * into place, then answers with load-completed. An interrupted load is resumed from scratch: the
 * staging database is named after the run, so the next attempt drops what the last one left.
 */
@Component
@EnableConfigurationProperties(LoadProperties.class)
class LoadPhase implements PhaseHandler {

  static final String PHASE = Phase.LOAD.wireName();

  private final Loader loader = new Loader();
  private final LoadProperties properties;
  private final Counter rows;

  LoadPhase(LoadProperties properties, MeterRegistry meters) {
    this.properties = properties;
    this.rows =
        Counter.builder("ckan.migration.load.rows")
            .description("Rows loaded into target databases and verified")
            .baseUnit("rows")
            .register(meters);
  }

  @Override
  public String phase() {
    return PHASE;
  }

  @Override
  public Object run(PhaseExecution execution) throws PhaseFailureException {
    TargetSpec target = execution.requireSection("target", RunSpec::target);
    DumpCompleted dump = dumpOf(execution);
    Path artifact;
    Path manifest;
    try {
      // Only files under the configured roots: the event cannot make the load read anything else.
      ConfinedPaths paths = properties.artifactPaths();
      artifact = paths.existingFile("the dump artifact", dump.artifact());
      manifest =
          dump.manifest() == null ? null : paths.existingFile("the dump manifest", dump.manifest());
      Path beside = DumpManifest.besides(artifact);
      if (manifest == null && java.nio.file.Files.exists(beside)) {
        paths.existingFile("the manifest beside the dump", beside.toString()); // a symlink out?
      }
    } catch (ConfinedPaths.OutsideRootsException e) {
      throw new PhaseFailureException(ErrorCode.INVALID_ARTIFACT_PATH, e.getMessage(), e);
    }
    execution.progress(0, dump.rows(), "rows");
    try {
      LoadResult result =
          loader.load(
              new LoadRequest(
                  execution.runId(),
                  artifact,
                  manifest,
                  dump.sha256(),
                  dump.sizeBytes() > 0 ? dump.sizeBytes() : null,
                  target,
                  properties.options(
                      rowsSoFar -> execution.progress(rowsSoFar, dump.rows(), "rows"),
                      () -> execution.confirmLease("swapping the loaded database in"))));
      rows.increment(result.rows());
      execution.progress(result.rows(), result.rows(), "rows");
      return new LoadCompleted(
          result.database(),
          result.tables(),
          result.rows(),
          result.dumpBytes(),
          result.sectionMillis(),
          result.parallelism(),
          result.replicationRoleReplica(),
          result.notes());
    } catch (LoadFailedException e) {
      throw new PhaseFailureException(e.code(), e.reason(), e);
    }
  }

  private static DumpCompleted dumpOf(PhaseExecution execution) throws PhaseFailureException {
    if (execution.trigger().type().equals(EventType.DUMP_COMPLETED.wireName())) {
      return execution.triggerPayload(DumpCompleted.class);
    }
    RunRequested request = execution.triggerPayload(RunRequested.class);
    if (request.inputs() == null || request.inputs().dump() == null) {
      throw new PhaseFailureException(
          ErrorCode.INVALID_REQUEST,
          "A run starting at the load needs the dump to load (inputs.dump: artifact, manifest,"
              + " sha256, size)");
    }
    return request.inputs().dump();
  }
}
