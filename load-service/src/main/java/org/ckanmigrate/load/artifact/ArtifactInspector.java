package org.ckanmigrate.load.artifact;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipException;
import org.ckanmigrate.common.compress.Codec;
import org.ckanmigrate.load.LoadError;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.DumpItem;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.DumpReader;
import org.ckanmigrate.load.dump.DumpWalker;

/**
 * The preflight read, before anything touches the target: size and SHA-256 against what the dump
 * recorded, the compressed stream (gzip, zstd or lz4, told apart by their magic numbers) decoded to
 * its end with every member's checksum verified, every statement split and decided (unknown
 * meta-commands fail here), pg_dump's closing comment present, and the position and row count of
 * every COPY block noted. When the artifact is compressed and the load is parallel, the
 * decompressed dump is spooled to disk in the same pass so that workers can read their blocks at
 * offsets.
 */
public final class ArtifactInspector {

  private ArtifactInspector() {}

  /**
   * Reads the artifact once, completely.
   *
   * @param expectedSha256 hex SHA-256 the artifact must have, or null
   * @param expectedSize size the artifact must have, or null
   * @param spoolDir where to spool a compressed dump for parallel loading, or null to never spool
   */
  public static DumpIndex inspect(
      Path artifact, String expectedSha256, Long expectedSize, DumpPolicy policy, Path spoolDir) {
    long size;
    try {
      size = Files.size(artifact);
    } catch (NoSuchFileException e) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE, "the artifact " + artifact + " does not exist", e);
    } catch (IOException e) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE, "the artifact " + artifact + " cannot be read", e);
    }
    if (expectedSize != null && expectedSize != size) {
      throw new LoadFailedException(
          LoadError.CHECKSUM_MISMATCH,
          "the artifact "
              + artifact
              + " has "
              + size
              + " bytes, the dump recorded "
              + expectedSize);
    }
    Codec codec = codec(artifact);
    Path spool = null;
    MessageDigest sha = sha256();
    List<CopyBlock> blocks = new ArrayList<>();
    long dumpBytes;
    TeeInputStream tee = null;
    try (InputStream raw = Files.newInputStream(artifact);
        DigestInputStream digested = new DigestInputStream(raw, sha)) {
      digested.on(expectedSha256 != null); // hashing a plain 1 GB dump costs seconds: only if asked
      try {
        InputStream dump = new BufferedInputStream(digested, 1 << 16);
        if (codec.compressed()) {
          dump = codec.decoder(dump);
          if (spoolDir != null) {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "dump-", ".sql");
            tee = new TeeInputStream(dump, Files.newOutputStream(spool, StandardOpenOption.WRITE));
            dump = tee;
          }
        }
        DumpReader reader = new DumpReader(dump);
        DumpWalker walker = new DumpWalker(reader, policy);
        DumpWalker.Step step;
        while ((step = walker.next()) != null) {
          if (Thread.currentThread().isInterrupted()) {
            throw new LoadFailedException(
                LoadError.INTERRUPTED, "the load was interrupted while checking the artifact");
          }
          if (step.item() instanceof DumpItem.CopyStart copy) {
            long offset = copy.bodyOffset();
            long rows = reader.skipCopyBody();
            if (policy.excluded(step.table())) {
              continue; // neither created nor loaded: nothing to verify
            }
            blocks.add(
                new CopyBlock(
                    step.table(),
                    copy.sql(),
                    copy.line(),
                    offset,
                    reader.lastCopyBodyEnd() - offset,
                    rows,
                    step.settings(),
                    step.decision().execute(),
                    null));
          }
        }
        dumpBytes = reader.position();
        if (tee != null) {
          tee.close();
        }
        if (!reader.complete()) {
          drain(digested);
          checkSha(artifact, expectedSha256, sha);
          throw new LoadFailedException(
              LoadError.ARTIFACT_INCOMPLETE,
              "the dump "
                  + artifact
                  + " does not end with pg_dump's '"
                  + DumpReader.COMPLETE_TRAILER
                  + "' comment: pg_dump did not finish; dump again");
        }
        drain(digested);
      } catch (EOFException | ZipException e) {
        closeQuietly(tee);
        deleteQuietly(spool);
        drain(digested);
        checkSha(artifact, expectedSha256, sha);
        throw new LoadFailedException(
            LoadError.ARTIFACT_CORRUPT,
            "the artifact " + artifact + " does not decompress to its end (" + e.getMessage() + ")",
            e);
      } catch (LoadFailedException e) {
        closeQuietly(tee);
        deleteQuietly(spool);
        if (e.code() != LoadError.ARTIFACT_INCOMPLETE) {
          drain(digested);
          checkSha(artifact, expectedSha256, sha);
        }
        throw e;
      }
    } catch (IOException e) {
      closeQuietly(tee);
      deleteQuietly(spool);
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE, "the artifact " + artifact + " cannot be read", e);
    }
    String hex;
    try {
      hex = checkSha(artifact, expectedSha256, sha);
    } catch (LoadFailedException e) {
      deleteQuietly(spool);
      throw e;
    }
    long spoolBytes = spool == null ? 0 : dumpBytes;
    Path seekable = codec.compressed() ? spool : artifact;
    return new DumpIndex(size, hex, codec, dumpBytes, blocks, seekable, spoolBytes);
  }

  private static String checkSha(Path artifact, String expected, MessageDigest sha) {
    if (expected == null) {
      return null;
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    if (!expected.equalsIgnoreCase(hex)) {
      throw new LoadFailedException(
          LoadError.CHECKSUM_MISMATCH,
          "the artifact " + artifact + " has SHA-256 " + hex + ", the dump recorded " + expected);
    }
    return hex;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] b = new byte[1 << 16];
    while (in.read(b) >= 0) {
      // read to the end so the digest covers the whole file
    }
  }

  /** The artifact's codec from its magic number: gzip, zstd, lz4, or none for plain SQL. */
  static Codec codec(Path file) {
    try {
      return Codec.detect(file);
    } catch (IOException e) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE, "the artifact " + file + " cannot be read", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // only the spool's file handle
      }
    }
  }

  static void deleteQuietly(Path p) {
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

    TeeInputStream(InputStream in, OutputStream copy) {
      super(in);
      this.copy = new java.io.BufferedOutputStream(copy, 1 << 16);
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

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        copy.close();
      }
    }
  }
}
