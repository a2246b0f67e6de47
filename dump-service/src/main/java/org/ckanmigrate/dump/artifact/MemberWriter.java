package org.ckanmigrate.dump.artifact;

import java.io.IOException;
import java.io.OutputStream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.platform.concurrent.DaemonThreads;

/**
 * Writes the artifact body as a sequence of independently decodable members: complete gzip members
 * (RFC 1952 allows concatenation), zstd frames or LZ4 frames, each read as one stream by {@code
 * gunzip -c}, {@code zstd -dc}, {@code lz4 -dc} and {@link Codec#decoder}; for {@code none} members
 * are just byte ranges. A member is opened lazily on the first byte, so empty members are never
 * written.
 */
abstract class MemberWriter {

  /** Position of the next byte in the artifact file. */
  abstract long fileOffset();

  abstract void write(byte[] data, int offset, int length) throws IOException;

  /** Ends the current member, if one is open. */
  abstract void endMember() throws IOException;

  /** Ends the last member and releases native resources; the file is not closed. */
  abstract void finish() throws IOException;

  /** Releases native resources without writing anything more. */
  abstract void discard();

  static MemberWriter of(Codec compression, CountingOutput out) {
    return compression.compressed()
        ? new ParallelMembers(out, compression, THREADS)
        : new PlainMembers(out);
  }

  /** Compression is the dump's CPU hot spot: spread it over the cores. */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  static final class PlainMembers extends MemberWriter {
    private final CountingOutput out;

    PlainMembers(CountingOutput out) {
      this.out = out;
    }

    @Override
    long fileOffset() {
      return out.count();
    }

    @Override
    void write(byte[] data, int offset, int length) throws IOException {
      out.write(data, offset, length);
    }

    @Override
    void endMember() {}

    @Override
    void finish() {}

    @Override
    void discard() {}
  }

  /**
   * Compression like pigz: the input is cut into blocks of {@link #BLOCK} bytes, each compressed on
   * a pool thread into a complete member (gzip member, zstd or LZ4 frame, see {@link
   * Codec#encodeMember}), and the members are written in order. A table's COPY block is thus one or
   * more whole members: decompressing from its first member's offset still yields exactly its SQL.
   * Costs about 1% in size against one member per table.
   */
  static final class ParallelMembers extends MemberWriter {
    static final int BLOCK = 1 << 20;
    private final CountingOutput out;
    private final Codec codec;
    private final java.util.concurrent.ExecutorService pool;
    private final java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> pending =
        new java.util.ArrayDeque<>();
    private final int maxPending;
    private byte[] block = new byte[BLOCK];
    private int blockLength;

    ParallelMembers(CountingOutput out, Codec codec, int threads) {
      this.out = out;
      this.codec = codec;
      this.maxPending = 2 * threads;
      String name = "dump-" + codec.kind().name().toLowerCase(java.util.Locale.ROOT) + "-";
      this.pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads, DaemonThreads.named(name));
    }

    @Override
    long fileOffset() {
      return out.count(); // exact after endMember(); a lower bound in between
    }

    @Override
    void write(byte[] data, int offset, int length) throws IOException {
      while (length > 0) {
        int n = Math.min(length, BLOCK - blockLength);
        System.arraycopy(data, offset, block, blockLength, n);
        blockLength += n;
        offset += n;
        length -= n;
        if (blockLength == BLOCK) {
          submit();
          drain(maxPending);
        }
      }
    }

    private void submit() {
      if (blockLength == 0) {
        return;
      }
      byte[] input = block;
      int inputLength = blockLength;
      pending.addLast(pool.submit(() -> codec.encodeMember(input, 0, inputLength)));
      block = new byte[BLOCK];
      blockLength = 0;
    }

    private void drain(int keep) throws IOException {
      while (pending.size() > keep) {
        try {
          byte[] member = pending.removeFirst().get();
          out.write(member, 0, member.length);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while compressing");
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("compression failed", e.getCause());
        }
      }
    }

    @Override
    void endMember() throws IOException {
      submit();
      drain(0);
    }

    @Override
    void finish() throws IOException {
      try {
        endMember();
      } finally {
        pool.shutdownNow();
      }
    }

    @Override
    void discard() {
      pool.shutdownNow();
      pending.clear();
    }
  }

  /** Counts and hashes every byte on its way to the file. */
  static final class CountingOutput {
    private final OutputStream file;
    private final java.security.MessageDigest sha256;
    private long count;

    CountingOutput(OutputStream file) {
      this.file = file;
      try {
        this.sha256 = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM has no SHA-256", e);
      }
    }

    void write(byte[] data, int offset, int length) throws IOException {
      file.write(data, offset, length);
      sha256.update(data, offset, length);
      count += length;
    }

    long count() {
      return count;
    }

    String sha256Hex() {
      return java.util.HexFormat.of().formatHex(sha256.digest());
    }
  }
}
