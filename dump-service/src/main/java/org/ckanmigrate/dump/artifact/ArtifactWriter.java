package org.ckanmigrate.dump.artifact;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.ckanmigrate.artifact.Codec;

/**
 * Streams a plain pg_dump into {@code <db>.sql[.zst|.lz4|.gz].part}: splits it into per-table
 * members, compresses, hashes (SHA-256) and counts on the fly. {@link #finish()} fsyncs; {@link
 * #commit()} renames atomically. {@link #abort()} deletes the part file; closing an uncommitted
 * writer aborts it, so a failed dump never leaves a {@code .part} behind.
 *
 * <p>The dump is compressed here, not by the remote pg_dump, because the plain SQL has to be read
 * anyway (COPY row counts, the completeness trailer), and because each COPY block becomes its own
 * member (gzip member, zstd or LZ4 frame): the file stays valid for {@code gunzip -c}, {@code zstd
 * -dc} or {@code lz4 -dc} piped into psql, while a loader can seek to any table's member and
 * decompress tables in parallel. The run spec's {@code compression} picks the {@link Codec} ({@link
 * Codec#DEFAULT}, zstd:1, when unset; why: the dump-service README, section Compression).
 */
public final class ArtifactWriter implements AutoCloseable {

  private final ArtifactPaths paths;
  private final FileChannel channel;
  private final OutputStream file;
  private final MemberWriter.CountingOutput counting;
  private final MemberWriter members;
  private final SqlStreamSplitter splitter;
  private boolean finished;
  private boolean committed;
  private boolean aborted;

  ArtifactWriter(ArtifactPaths paths, Codec compression) throws IOException {
    this.paths = paths;
    this.channel =
        FileChannel.open(
            paths.part(),
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    this.file = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
    this.counting = new MemberWriter.CountingOutput(file);
    this.members = MemberWriter.of(compression, counting);
    this.splitter = new SqlStreamSplitter(members);
  }

  public ArtifactPaths paths() {
    return paths;
  }

  /** Bytes of plain SQL from the dump stream. */
  public void write(byte[] data, int offset, int length) throws IOException {
    splitter.write(data, offset, length);
  }

  /** Artifact bytes written so far. */
  public long artifactBytes() {
    return counting.count();
  }

  /** Ends the last member, flushes and fsyncs the part file. */
  public Written finish() throws IOException {
    DumpScan scan = splitter.finish();
    finished = true;
    file.flush();
    channel.force(true);
    channel.close();
    return new Written(scan, counting.count(), counting.sha256Hex());
  }

  /** Renames the part file to the artifact name and fsyncs the directory. */
  public void commit() throws IOException {
    if (!finished) {
      throw new IllegalStateException("finish() before commit()");
    }
    Files.move(paths.part(), paths.artifact(), StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    ArtifactStore.fsyncDirectory(paths.runDir());
  }

  /** Closes and deletes the part file. Safe to call more than once. */
  public void abort() {
    if (committed || aborted) {
      return;
    }
    aborted = true;
    if (!finished) {
      members.discard();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // deleting is what matters
    }
    try {
      Files.deleteIfExists(paths.part());
    } catch (IOException ignored) {
      // ArtifactStore.begin removes stale part files before the next attempt
    }
  }

  @Override
  public void close() {
    abort();
  }

  /** The verified facts of a finished part file. */
  public record Written(DumpScan scan, long sizeBytes, String sha256) {}
}
