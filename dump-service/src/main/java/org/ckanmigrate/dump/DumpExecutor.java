package org.ckanmigrate.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.artifact.PgDumpMarkers;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.dump.artifact.ArtifactPaths;
import org.ckanmigrate.dump.artifact.ArtifactStore;
import org.ckanmigrate.dump.artifact.ArtifactWriter;
import org.ckanmigrate.dump.artifact.DumpScan;
import org.ckanmigrate.dump.ssh.PgDumpCommand;
import org.ckanmigrate.dump.ssh.SourceConnection;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.ssh.RemoteExec;
import org.ckanmigrate.ssh.StdoutChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dump phase's work: runs pg_dump on the source host over SSH (through jump hosts), streams the
 * plain SQL into {@code <artifactDir>/<run-id>/<db>.sql.zst} (the suffix follows the compression),
 * verifies it is complete, and writes its manifest. Either it returns a verified artifact, or it
 * throws and leaves nothing behind.
 *
 * <p>Blocking; call it from a worker thread. Interrupting that thread or answering true from {@link
 * DumpControl#cancelled()} stops it within a fraction of a second with a {@link
 * CancellationException}.
 */
public final class DumpExecutor {

  private static final Logger log = LoggerFactory.getLogger(DumpExecutor.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int STDERR_EXCERPT = 2000;

  private final DumpSettings settings;

  public DumpExecutor(DumpSettings settings) {
    this.settings = settings;
  }

  /**
   * Dumps {@code spec.database()} for run {@code runId}. If that run already has a complete dump
   * (manifest present, artifact of the recorded size), returns it without dumping again.
   *
   * @throws DumpFailedException with a {@link ErrorCode} and a message saying what to do
   * @throws CancellationException if cancelled or interrupted (the interrupt flag stays set)
   */
  public DumpResult dump(SourceSpec spec, String runId, DumpControl control)
      throws DumpFailedException {
    try {
      return doDump(spec, runId, control);
    } catch (Interrupted e) {
      // Closing the SSH session may have swallowed the flag; the caller's loop needs it.
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** A cancellation caused by an interrupt of the dumping thread. */
  private static final class Interrupted extends CancellationException {
    Interrupted(String message) {
      super(message);
    }
  }

  private DumpResult doDump(SourceSpec spec, String runId, DumpControl control)
      throws DumpFailedException {
    if (spec == null || spec.ssh() == null || spec.artifactDir() == null) {
      throw new DumpFailedException(
          ErrorCode.INVALID_IDENTIFIER, "the source spec needs ssh, database and artifactDir");
    }
    PgDumpCommand command = PgDumpCommand.of(spec);
    Codec compression;
    ArtifactStore store = new ArtifactStore(Path.of(spec.artifactDir()));
    ArtifactPaths paths;
    try {
      compression = Codec.parse(spec.compression());
      paths = store.paths(runId, spec.database(), compression);
    } catch (IllegalArgumentException e) {
      throw new DumpFailedException(ErrorCode.INVALID_IDENTIFIER, e.getMessage(), e);
    }
    var earlier = store.completed(paths);
    if (earlier.isPresent()) {
      log.info("run {} already has a complete dump {}; not dumping again", runId, paths.artifact());
      return new DumpResult(paths.artifact(), paths.manifest(), earlier.get(), true);
    }

    Instant started = Instant.now();
    List<SshEndpoint> jumps = spec.jumpHosts() == null ? List.of() : spec.jumpHosts();
    try (SourceConnection connection = SourceConnection.open(spec.ssh(), jumps, settings)) {
      ArtifactWriter writer;
      try {
        writer = store.begin(paths, compression);
      } catch (IOException e) {
        throw localFailure(e, paths.runDir(), 0);
      }
      try (writer) {
        Written written = stream(connection, command, writer, spec, control);
        String systemIdentifier = systemIdentifier(connection, command);
        DumpManifest manifest =
            manifest(spec, runId, command, compression, paths, written, systemIdentifier, started);
        // A worker that lost its job stops here, before its rename could clobber the new owner's.
        control.beforeCommit().run();
        try {
          writer.commit();
          CrashPoints.reach("dump.artifact-renamed");
          store.writeManifest(paths, manifest);
        } catch (IOException e) {
          Files.deleteIfExists(paths.artifact());
          throw localFailure(e, paths.runDir(), written.sizeBytes());
        }
        log.info(
            "dumped {} from {}: {} bytes ({} plain), {} tables, {} rows, sha256 {}",
            spec.database(),
            SourceConnection.describe(spec.ssh()),
            manifest.sizeBytes(),
            manifest.uncompressedBytes(),
            manifest.tables().size(),
            manifest.totalRows(),
            manifest.sha256());
        return new DumpResult(paths.artifact(), paths.manifest(), manifest, false);
      }
    } catch (IOException e) {
      // Only deleting a half-committed artifact can get here.
      throw localFailure(e, paths.runDir(), 0);
    }
  }

  private record Written(ArtifactWriter.Written file, String stderr) {
    long sizeBytes() {
      return file.sizeBytes();
    }
  }

  private Written stream(
      SourceConnection connection,
      PgDumpCommand command,
      ArtifactWriter writer,
      SourceSpec spec,
      DumpControl control)
      throws DumpFailedException {
    try (StreamWatch watch = new StreamWatch(spec.database());
        RemoteExec exec = connection.exec(command.commandLine())) {
      log.info(
          "dumping {} on {}{}: {}",
          spec.database(),
          SourceConnection.describe(spec.ssh()),
          spec.jumpHosts() == null || spec.jumpHosts().isEmpty()
              ? ""
              : " via " + spec.jumpHosts().stream().map(SourceConnection::describe).toList(),
          command.commandLine());
      watch.start(
          connection::abort,
          control.cancelled(),
          settings.stallTimeout(),
          settings.progressLogInterval(),
          read -> {
            log.info(
                "dump of {}: {} MB read, {} MB/s, artifact {} MB",
                spec.database(),
                String.format("%.1f", read / 1e6),
                String.format("%.1f", read / 1e6 / Math.max(watch.seconds(), 0.001)),
                String.format("%.1f", writer.artifactBytes() / 1e6));
            control.progress().accept(read);
          });
      StdoutChunks out = exec.stdoutChunks();
      drain(out, writer, watch);
      Throwable linkError = out.closeReason();
      if (!watch.stopped()) {
        exec.awaitClosed(settings.exitStatusTimeout());
      }
      watch.close();
      String stderr = Scrubber.excerpt(exec.stderr(), STDERR_EXCERPT);
      checkOutcome(connection, exec, spec, watch, stderr, linkError);
      ArtifactWriter.Written file = finish(writer, spec, watch.bytes());
      if (!stderr.isEmpty()) {
        log.warn("pg_dump of {} succeeded with messages: {}", spec.database(), stderr);
      }
      return new Written(file, stderr);
    } catch (IOException e) {
      throw new DumpFailedException(
          ErrorCode.DUMP_INCOMPLETE,
          "could not start pg_dump on "
              + SourceConnection.describe(spec.ssh())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Reads pg_dump's output into the artifact until it ends or the watch stops it. The chunks are
   * filled on MINA's I/O thread and written here, so a slow disk or a busy compressor never holds
   * up keep-alives, and what the writer throws is this thread's to classify.
   */
  private void drain(StdoutChunks out, ArtifactWriter writer, StreamWatch watch)
      throws DumpFailedException {
    Thread worker = Thread.currentThread();
    StdoutChunks.Sink sink =
        (data, offset, length) -> {
          watch.arrived(length);
          writer.write(data, offset, length);
        };
    while (!watch.stopped()) {
      long n;
      try {
        n = out.drain(sink, POLL);
      } catch (InterruptedException | InterruptedIOException e) {
        watch.markInterrupted();
        return;
      } catch (IOException e) {
        if (worker.isInterrupted()) {
          watch.markInterrupted();
          return;
        }
        throw localFailure(e, writer.paths().runDir(), writer.artifactBytes());
      }
      if (worker.isInterrupted()) {
        watch.markInterrupted();
        return;
      }
      if (n < 0) {
        return;
      }
    }
  }

  /**
   * Why the stream ended, as the dump's outcome: interrupted, cancelled, stalled, pg_dump's exit
   * status or signal, or a link lost before the status arrived. Returns only when pg_dump exited 0.
   */
  private void checkOutcome(
      SourceConnection connection,
      RemoteExec exec,
      SourceSpec spec,
      StreamWatch watch,
      String stderr,
      Throwable linkError)
      throws DumpFailedException {
    long bytes = watch.bytes();
    if (watch.interrupted()) {
      connection.abort();
      throw new Interrupted(
          "dump of " + spec.database() + " interrupted after " + bytes + " bytes");
    }
    if (watch.cancelled()) {
      connection.abort();
      throw new CancellationException(
          "dump of " + spec.database() + " cancelled after " + bytes + " bytes");
    }
    if (watch.stalled()) {
      throw new DumpFailedException(
          ErrorCode.DUMP_INCOMPLETE,
          "no dump output for "
              + settings.stallTimeout().toSeconds()
              + " s after "
              + bytes
              + " bytes: the source stopped sending (a hung pg_dump or a dead link). Nothing was"
              + " kept; retry, and check pg_dump on the source (locks, load)."
              + (stderr.isEmpty() ? "" : " pg_dump said: " + stderr));
    }
    Integer status = exec.exitStatus();
    String signal = exec.exitSignal();
    String source = SourceConnection.describe(spec.ssh());
    if (status != null && status != 0) {
      throw new DumpFailedException(
          ErrorCode.REMOTE_COMMAND_FAILED,
          "pg_dump on "
              + source
              + " exited with status "
              + status
              + " after "
              + bytes
              + " bytes"
              + (stderr.isEmpty() ? " and no error output" : ": " + stderr));
    }
    if (status == null && signal != null) {
      throw new DumpFailedException(
          ErrorCode.REMOTE_COMMAND_FAILED,
          "pg_dump on "
              + source
              + " was killed by signal "
              + signal
              + " after "
              + bytes
              + " bytes"
              + (stderr.isEmpty() ? "" : ": " + stderr));
    }
    if (status == null) {
      throw new DumpFailedException(
          ErrorCode.DUMP_INCOMPLETE,
          "the SSH link to "
              + source
              + " was lost after "
              + bytes
              + " bytes, before pg_dump's exit status arrived"
              + (linkError == null ? "" : " (" + linkError.getMessage() + ")")
              + ". Nothing was kept; retry when the link is stable.");
    }
  }

  /** Closes the artifact and checks it ends with pg_dump's completion trailer. */
  private static ArtifactWriter.Written finish(ArtifactWriter writer, SourceSpec spec, long bytes)
      throws DumpFailedException {
    ArtifactWriter.Written file;
    try {
      file = writer.finish();
    } catch (IOException e) {
      throw localFailure(e, writer.paths().runDir(), writer.artifactBytes());
    }
    DumpScan scan = file.scan();
    if (!scan.complete()) {
      throw new DumpFailedException(
          ErrorCode.DUMP_INCOMPLETE,
          "pg_dump exited 0 but the dump of "
              + spec.database()
              + " does not end with its completion trailer ('"
              + PgDumpMarkers.COMPLETE_TRAILER
              + "')"
              + (scan.openCopyTable() == null
                  ? ""
                  : "; the data of " + scan.openCopyTable() + " is cut off")
              + " after "
              + bytes
              + " bytes. Nothing was kept.");
    }
    return file;
  }

  /**
   * Best effort: the source server's system identifier, or null (psql missing beside pg_dump, or
   * the role may not call {@code pg_control_system()}). Never fails the dump.
   */
  private String systemIdentifier(SourceConnection connection, PgDumpCommand command) {
    try (RemoteExec exec = connection.exec(command.systemIdentifierCommandLine())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StdoutChunks chunks = exec.stdoutChunks();
      long deadline = System.nanoTime() + settings.exitStatusTimeout().toNanos();
      while (System.nanoTime() < deadline
          && chunks.drain(
                  (data, off, len) -> out.write(data, off, Math.min(len, 200 - out.size())), POLL)
              >= 0) {
        // a number and a newline; anything longer is not one
      }
      exec.awaitClosed(settings.exitStatusTimeout());
      String value = out.toString(java.nio.charset.StandardCharsets.US_ASCII).strip();
      if (Integer.valueOf(0).equals(exec.exitStatus()) && value.matches("[0-9]{1,20}")) {
        return value;
      }
      log.info(
          "source system identifier not available (status {}): {}",
          exec.exitStatus(),
          Scrubber.excerpt(exec.stderr(), 300));
    } catch (IOException | RuntimeException e) {
      log.info("source system identifier not available: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted("interrupted while reading the source's system identifier");
    }
    return null;
  }

  private static DumpManifest manifest(
      SourceSpec spec,
      String runId,
      PgDumpCommand command,
      Codec compression,
      ArtifactPaths paths,
      Written written,
      String systemIdentifier,
      Instant started) {
    DumpScan scan = written.file().scan();
    Instant finished = Instant.now();
    return new DumpManifest(
        DumpManifest.FORMAT_VERSION,
        runId,
        SourceConnection.describe(spec.ssh()),
        spec.jumpHosts() == null
            ? List.of()
            : spec.jumpHosts().stream().map(SourceConnection::describe).toList(),
        spec.database(),
        paths.artifact().getFileName().toString(),
        compression.toString(),
        written.file().sizeBytes(),
        scan.uncompressedBytes(),
        written.file().sha256(),
        scan.pgDumpVersion(),
        scan.serverVersion(),
        systemIdentifier,
        command.commandLine(),
        started.toString(),
        finished.toString(),
        Duration.between(started, finished).toMillis(),
        scan.tables(),
        scan.totalRows());
  }

  private static DumpFailedException localFailure(IOException e, Path dir, long written) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
      return new DumpFailedException(
          ErrorCode.NO_SPACE,
          "no space left in "
              + dir
              + " after "
              + written
              + " artifact bytes; nothing was kept. Free space or choose another artifactDir.",
          e);
    }
    return new DumpFailedException(
        ErrorCode.TRANSFER_FAILED,
        "cannot write the artifact in " + dir + ": " + message + ". Nothing was kept.",
        e);
  }
}
