package org.ckanmigrate.dump.artifact;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes the artifact body as a sequence of independently decodable members. For gzip each member
 * is a complete gzip stream (RFC 1952 allows concatenation; {@code gunzip} and {@link
 * java.util.zip.GZIPInputStream} read the whole file as one); for {@code none} members are just
 * byte ranges. A member is opened lazily on the first byte, so empty members are never written.
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

  static MemberWriter of(Compression compression, CountingOutput out) {
    return compression.codec().equals("gzip")
        ? new ParallelGzipMembers(out, compression.level(), GZIP_THREADS)
        : new PlainMembers(out);
  }

  /** Deflate is the dump's CPU hot spot: spread it over the cores, leaving the reader its own. */
  static final int GZIP_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

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
   * gzip like pigz: the input is cut into blocks of {@link #BLOCK} bytes, each compressed on a pool
   * thread into a complete gzip member, and the members are written in order. A table's COPY block
   * is thus one or more whole members: decompressing from its first member's offset still yields
   * exactly its SQL. Costs about 1% in size against one member per table.
   */
  static final class ParallelGzipMembers extends MemberWriter {
    static final int BLOCK = 1 << 20;
    // No name, no mtime (reproducible artifacts), OS unknown.
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private final CountingOutput out;
    private final int level;
    private final java.util.concurrent.ExecutorService pool;
    private final java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> pending =
        new java.util.ArrayDeque<>();
    private final int maxPending;
    private byte[] block = new byte[BLOCK];
    private int blockLength;

    ParallelGzipMembers(CountingOutput out, int level, int threads) {
      this.out = out;
      this.level = level;
      this.maxPending = 2 * threads;
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      this.pool =
          java.util.concurrent.Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "dump-gzip-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
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
      pending.addLast(pool.submit(() -> member(input, inputLength, level)));
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

    private static void writeIntLe(byte[] b, int at, int v) {
      b[at] = (byte) v;
      b[at + 1] = (byte) (v >>> 8);
      b[at + 2] = (byte) (v >>> 16);
      b[at + 3] = (byte) (v >>> 24);
    }

    /** One complete gzip member of {@code input[0, length)} (CRC-32 and size in the trailer). */
    static byte[] member(byte[] input, int length, int level) {
      Deflater deflater = new Deflater(level, true);
      try {
        java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream(length / 3 + 64);
        member.write(HEADER, 0, HEADER.length);
        deflater.setInput(input, 0, length);
        deflater.finish();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
          int n = deflater.deflate(buffer);
          member.write(buffer, 0, n);
        }
        CRC32 crc = new CRC32();
        crc.update(input, 0, length);
        byte[] trailer = new byte[8];
        writeIntLe(trailer, 0, (int) crc.getValue());
        writeIntLe(trailer, 4, length);
        member.write(trailer, 0, trailer.length);
        return member.toByteArray();
      } finally {
        deflater.end();
      }
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
