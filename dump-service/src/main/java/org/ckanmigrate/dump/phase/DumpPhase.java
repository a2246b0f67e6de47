package org.ckanmigrate.dump.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.ckanmigrate.common.event.DumpCompleted;
import org.ckanmigrate.common.event.EventType;
import org.ckanmigrate.common.event.RunRequested;
import org.ckanmigrate.common.phase.InterruptionPolicy;
import org.ckanmigrate.common.phase.PhaseExecution;
import org.ckanmigrate.common.phase.PhaseFailureException;
import org.ckanmigrate.common.phase.PhaseHandler;
import org.ckanmigrate.common.spec.SourceSpec;
import org.ckanmigrate.dump.DumpControl;
import org.ckanmigrate.dump.DumpExecutor;
import org.ckanmigrate.dump.DumpResult;
import org.ckanmigrate.dump.artifact.Manifest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The dump phase: started by a run-requested event, it dumps the source over SSH into a verified
 * artifact and answers with dump-completed. Interrupted dumps are resumed from scratch (a dump is
 * not resumable mid-stream; the partial file is discarded), and a run that already has a complete
 * dump is not dumped again.
 */
@Component
@EnableConfigurationProperties(DumpProperties.class)
class DumpPhase implements PhaseHandler {

  static final String PHASE = "dump";

  private final DumpExecutor executor;
  private final Counter transferred;

  DumpPhase(DumpProperties properties, MeterRegistry meters) {
    this.executor = new DumpExecutor(properties.settings());
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
  public boolean triggeredBy(EventType type, Object payload) {
    return type == EventType.RUN_REQUESTED && ((RunRequested) payload).starts(PHASE);
  }

  @Override
  public InterruptionPolicy interruptionPolicy() {
    return InterruptionPolicy.RESUME;
  }

  @Override
  public Object run(PhaseExecution execution) throws PhaseFailureException {
    SourceSpec source = execution.requireRunSpec().source();
    if (source == null) {
      throw new PhaseFailureException(
          "INVALID_REQUEST",
          "Run " + execution.runId() + " has no source section; the dump needs one");
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
            });
    DumpResult result = executor.dump(source, execution.runId(), control);
    Manifest m = result.manifest();
    if (!result.reused()) {
      // Progress arrives every few seconds; the last stretch of the stream is counted here.
      long rest = m.uncompressedBytes() - seen.get();
      if (rest > 0) {
        transferred.increment(rest);
      }
      execution.progress(m.uncompressedBytes(), m.uncompressedBytes(), "bytes");
    }
    return new DumpCompleted(
        result.artifact().toString(),
        result.manifestFile().toString(),
        m.sha256(),
        m.sizeBytes(),
        m.database(),
        m.compression(),
        m.tables().size(),
        m.totalRows());
  }
}
