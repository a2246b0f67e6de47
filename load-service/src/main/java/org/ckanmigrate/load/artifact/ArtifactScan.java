package org.ckanmigrate.load.artifact;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipException;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.PgDumpMarkers;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.DumpReader;

/**
 * One read of an artifact's SQL: decompressed, and (for a parallel load of a compressed dump
 * without per-table members) copied to a spool file as it is read, so workers can load a COPY block
 * at its offset as soon as the reader has passed it.
 *
 * <p>The checks are split in two on purpose. {@link #verifyChecksum} proves the file is the one the
 * dump phase wrote (size and SHA-256 of the raw bytes, about a second per GB) before any statement
 * of it runs anywhere. What needs the decompressed SQL (the stream decodes to its end, pg_dump's
 * closing comment, the COPY row counts) is checked while the dump loads into the staging database:
 * a failure there drops the staging database, so the target is untouched either way, and the
 * decompression is not paid twice.
 */
public final class ArtifactScan implements Closeable {

  private final Path artifact;
  private final Codec codec;
  private final long artifactBytes;
  private final FileChannel raw;
  private final DumpReader reader;
  private InputStream sql;
  private final TeeInputStream tee;
  private Path spool;
  private boolean keepSpool;

  private ArtifactScan(
      Path artifact, Codec codec, long artifactBytes, FileChannel raw, Path spool, TeeInputStream t)
      throws IOException {
    this.artifact = artifact;
    this.codec = codec;
    this.artifactBytes = artifactBytes;
    this.raw = raw;
    this.spool = spool;
    this.tee = t;
    this.sql = decoded();
    InputStream read = sql;
    if (t != null) {
      t.source(sql);
      read = t;
    }
    this.reader = new DumpReader(read);
  }

  /**
   * Checks the artifact's size and SHA-256 against what the dump recorded (either may be null: not
   * recorded); returns the hex SHA-256, or null when none was recorded (hashing is then skipped).
   */
  public static String verifyChecksum(Path artifact, String expectedSha256, Long expectedSize) {
    long size = size(artifact);
    if (expectedSize != null && expectedSize != size) {
      throw new LoadFailedException(
          ErrorCode.CHECKSUM_MISMATCH,
          "the artifact "
              + artifact
              + " has "
              + size
              + " bytes, the dump recorded "
              + expectedSize);
    }
    if (expectedSha256 == null) {
      return null;
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(artifact)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (Thread.currentThread().isInterrupted()) {
          throw new LoadFailedException(
              ErrorCode.INTERRUPTED, "the load was interrupted while checking the artifact");
        }
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw unreadable(artifact, e);
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    if (!expectedSha256.equalsIgnoreCase(hex)) {
      throw new LoadFailedException(
          ErrorCode.CHECKSUM_MISMATCH,
          "the artifact "
              + artifact
              + " has SHA-256 "
              + hex
              + ", the dump recorded "
              + expectedSha256);
    }
    return hex;
  }

  /**
   * Opens the artifact for one read.
   *
   * @param spoolDir where to copy the decompressed SQL of a compressed artifact as it is read, or
   *     null for no copy (a plain artifact is never copied: it is seekable itself)
   */
  public static ArtifactScan open(Path artifact, Path spoolDir) {
    long size = size(artifact);
    Codec codec;
    try {
      codec = Codec.detect(artifact);
    } catch (IOException e) {
      throw unreadable(artifact, e);
    }
    FileChannel raw = null;
    Path spool = null;
    try {
      raw = FileChannel.open(artifact, StandardOpenOption.READ);
      TeeInputStream tee = null;
      if (codec.compressed() && spoolDir != null) {
        Files.createDirectories(spoolDir);
        spool = Files.createTempFile(spoolDir, "dump-", ".sql");
        tee = new TeeInputStream(Files.newOutputStream(spool, StandardOpenOption.WRITE));
      }
      return new ArtifactScan(artifact, codec, size, raw, spool, tee);
    } catch (IOException e) {
      closeQuietly(raw);
      deleteQuietly(spool);
      throw unreadable(artifact, e);
    }
  }

  /** The artifact decoded from the channel's position; closing it leaves the channel open. */
  private InputStream decoded() throws IOException {
    InputStream channel =
        new FilterInputStream(Channels.newInputStream(raw)) {
          @Override
          public void close() {
            // the scan closes the channel
          }
        };
    return codec.decoder(new BufferedInputStream(channel, 1 << 16));
  }

  /**
   * Continues the read at {@code rawOffset} of the artifact (a member boundary), skipping the
   * members before it undecoded; returns the decoded stream from there (for {@link
   * DumpReader#skipCopyTo}). Only for an artifact read without a spool.
   */
  public InputStream jumpTo(long rawOffset) throws IOException {
    if (tee != null) {
      throw new IllegalStateException("a spooled read cannot skip: the spool would have a hole");
    }
    closeQuietly(sql);
    raw.position(rawOffset);
    sql = decoded();
    return sql;
  }

  /** The dump's statements and COPY blocks, decompressed. */
  public DumpReader reader() {
    return reader;
  }

  public Codec codec() {
    return codec;
  }

  public Path artifact() {
    return artifact;
  }

  /**
   * A file holding the decompressed SQL at the reader's offsets (the plain artifact itself, or the
   * spool), or null when there is none.
   */
  public Path seekable() {
    return !codec.compressed() ? artifact : spool;
  }

  /**
   * Makes everything the reader has consumed readable in the spool file (call after a COPY body has
   * been skipped, before a worker reads it).
   */
  public void flushSpool() throws IOException {
    if (tee != null) {
      tee.flush();
    }
  }

  /**
   * The outcome of a read that reached the end: pg_dump's closing comment must be there.
   *
   * @param blocks the COPY blocks the read found, in dump order
   * @param sha256 the hex SHA-256 checked by {@link #verifyChecksum}, or null
   */
  public DumpIndex finish(List<CopyBlock> blocks, String sha256) throws IOException {
    if (!reader.complete()) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_INCOMPLETE,
          "the dump "
              + artifact
              + " does not end with pg_dump's '"
              + PgDumpMarkers.COMPLETE_TRAILER
              + "' comment: pg_dump did not finish; dump again");
    }
    flushSpool();
    long dumpBytes = reader.position();
    return new DumpIndex(
        artifactBytes,
        sha256,
        codec,
        dumpBytes,
        List.copyOf(blocks),
        seekable(),
        spool == null ? 0 : dumpBytes);
  }

  /**
   * What a read failure means: a stream that does not decode to its end is ARTIFACT_CORRUPT, any
   * other I/O failure ARTIFACT_UNREADABLE; null when {@code e} is neither.
   */
  public LoadFailedException failure(Throwable e) {
    if (e instanceof EOFException || e instanceof ZipException) {
      return new LoadFailedException(
          ErrorCode.ARTIFACT_CORRUPT,
          "the artifact " + artifact + " does not decompress to its end (" + e.getMessage() + ")",
          e);
    }
    if (e instanceof IOException) {
      return unreadable(artifact, e);
    }
    return null;
  }

  /** Closes the artifact and deletes the spool file (unless {@link #keepSpool} was called). */
  @Override
  public void close() {
    closeQuietly(tee);
    closeQuietly(sql);
    closeQuietly(raw);
    if (!keepSpool) {
      deleteQuietly(spool);
    }
  }

  /** Leaves the spool file for the caller to delete (a check that hands its index on). */
  void keepSpool() {
    keepSpool = true;
  }

  private static long size(Path artifact) {
    try {
      return Files.size(artifact);
    } catch (NoSuchFileException e) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE, "the artifact " + artifact + " does not exist", e);
    } catch (IOException e) {
      throw unreadable(artifact, e);
    }
  }

  private static LoadFailedException unreadable(Path artifact, Throwable e) {
    return new LoadFailedException(
        ErrorCode.ARTIFACT_UNREADABLE, "the artifact " + artifact + " cannot be read", e);
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing after the read, or after a failure that is reported already
      }
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }

  /** Copies everything read to a file (the spool), byte for byte. */
  private static final class TeeInputStream extends FilterInputStream {
    private final OutputStream copy;
    private boolean closed;

    TeeInputStream(OutputStream copy) {
      super(null);
      this.copy = new BufferedOutputStream(copy, 1 << 16);
    }

    void source(InputStream source) {
      this.in = source;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }

    void flush() throws IOException {
      copy.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        copy.close();
      }
    }
  }
}
