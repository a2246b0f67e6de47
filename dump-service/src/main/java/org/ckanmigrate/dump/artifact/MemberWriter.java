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
        ? new GzipMembers(out, compression.level())
        : new PlainMembers(out);
  }

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

  /** gzip members written directly (header, raw deflate, CRC-32 and size trailer). */
  static final class GzipMembers extends MemberWriter {
    private static final byte[] HEADER = {
      0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff
    }; // no name, no mtime (reproducible), OS unknown
    private final CountingOutput out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[128 * 1024];
    private boolean open;
    private long memberInput;

    GzipMembers(CountingOutput out, int level) {
      this.out = out;
      this.deflater = new Deflater(level, true);
    }

    @Override
    long fileOffset() {
      return out.count();
    }

    @Override
    void write(byte[] data, int offset, int length) throws IOException {
      if (length == 0) {
        return;
      }
      if (!open) {
        out.write(HEADER, 0, HEADER.length);
        open = true;
      }
      crc.update(data, offset, length);
      memberInput += length;
      deflater.setInput(data, offset, length);
      while (!deflater.needsInput()) {
        drain(Deflater.NO_FLUSH);
      }
    }

    private void drain(int flush) throws IOException {
      int n = deflater.deflate(buffer, 0, buffer.length, flush);
      if (n > 0) {
        out.write(buffer, 0, n);
      }
    }

    @Override
    void endMember() throws IOException {
      if (!open) {
        return;
      }
      deflater.finish();
      while (!deflater.finished()) {
        drain(Deflater.NO_FLUSH);
      }
      byte[] trailer = new byte[8];
      writeIntLe(trailer, 0, (int) crc.getValue());
      writeIntLe(trailer, 4, (int) memberInput); // ISIZE is the size modulo 2^32
      out.write(trailer, 0, trailer.length);
      deflater.reset();
      crc.reset();
      memberInput = 0;
      open = false;
    }

    private static void writeIntLe(byte[] b, int at, int v) {
      b[at] = (byte) v;
      b[at + 1] = (byte) (v >>> 8);
      b[at + 2] = (byte) (v >>> 16);
      b[at + 3] = (byte) (v >>> 24);
    }

    @Override
    void finish() throws IOException {
      try {
        endMember();
      } finally {
        deflater.end();
      }
    }

    @Override
    void discard() {
      deflater.end();
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
