package org.ckanmigrate.dump.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.Phase;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.TransferSpec;
import org.ckanmigrate.dump.DumpControl;
import org.ckanmigrate.dump.DumpExecutor;
import org.ckanmigrate.dump.DumpResult;
import org.ckanmigrate.dump.transfer.ArtifactTransfer;
import org.ckanmigrate.dump.transfer.TransferResult;
import org.ckanmigrate.platform.files.ConfinedPaths;
import org.ckanmigrate.platform.phase.PhaseExecution;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.ckanmigrate.platform.phase.PhaseHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The dump phase: started by a run-requested event, it dumps the source over SSH into a verified
 * artifact and answers with dump-completed. Interrupted dumps are resumed from scratch (a dump is
 * not resumable mid-stream; the partial file is discarded), and a run that already has a complete
 * dump is not dumped again. With a {@code transfer.sftp} section the verified dump is then uploaded
 * to the loader's host (resumable) and dump-completed names the uploaded paths.
 */
@Component
@EnableConfigurationProperties(DumpProperties.class)
class DumpPhase implements PhaseHandler {

  static final String PHASE = Phase.DUMP.wireName();

  private final DumpExecutor executor;
  private final ConfinedPaths artifactPaths;
  private final ArtifactTransfer transfer;
  private final Counter transferred;

  DumpPhase(DumpProperties properties, MeterRegistry meters) {
    this.executor = new DumpExecutor(properties.settings());
    this.artifactPaths = properties.artifactPaths();
    this.transfer = new ArtifactTransfer(properties.settings());
    this.transferred =
        Counter.builder("ckan.migration.dump.transferred")
            .description("Dump bytes received from the source")
            .baseUnit("bytes")
            .register(meters);
  }

  @Override
  public String phase() {
    return PHASE;
  }

  @Override
  public Object run(PhaseExecution execution) throws PhaseFailureException {
    SourceSpec source = execution.requireSection("source", RunSpec::source);
    try {
      // Writes go only under the configured roots: the event cannot pick where files land.
      if (source.artifactDir() != null) { // a missing one is the executor's INVALID_IDENTIFIER
        artifactPaths.confined("source.artifact-dir", source.artifactDir());
      }
    } catch (ConfinedPaths.OutsideRootsException e) {
      throw new PhaseFailureException(ErrorCode.INVALID_ARTIFACT_PATH, e.getMessage(), e);
    }
    AtomicLong seen = new AtomicLong();
    DumpControl control =
        new DumpControl(
            execution::isCancelled,
            bytes -> {
              long delta = bytes - seen.getAndSet(bytes);
              if (delta > 0) {
                transferred.increment(delta);
              }
              execution.progress(bytes, 0, "bytes");
            },
            () -> execution.confirmLease("putting the dump artifact in place"));
    DumpResult result = executor.dump(source, execution.runId(), control);
    DumpManifest m = result.manifest();
    if (!result.reused()) {
      // Progress arrives every few seconds; the last stretch of the stream is counted here.
      long rest = m.uncompressedBytes() - seen.get();
      if (rest > 0) {
        transferred.increment(rest);
      }
      execution.progress(m.uncompressedBytes(), m.uncompressedBytes(), "bytes");
    }
    String artifact = result.artifact().toString();
    String manifest = result.manifestFile().toString();
    TransferSpec transfer = execution.requireRunSpec().transfer();
    if (transfer != null && transfer.sftp() != null) {
      // The loader runs elsewhere: it reads the uploaded copies, so the event names those.
      TransferResult uploaded =
          this.transfer.upload(
              transfer,
              source.jumpHosts(),
              execution.runId(),
              result.artifact(),
              result.manifestFile(),
              m.sha256(),
              new DumpControl(execution::isCancelled, bytes -> {}));
      artifact = uploaded.remoteArtifact();
      manifest = uploaded.remoteManifest();
    }
    return new DumpCompleted(
        artifact,
        manifest,
        m.sha256(),
        m.sizeBytes(),
        m.database(),
        m.compression(),
        m.tables().size(),
        m.totalRows());
  }
}
