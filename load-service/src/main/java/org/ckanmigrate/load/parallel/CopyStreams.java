package org.ckanmigrate.load.parallel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/** The streams the load's COPY blocks travel through, from the artifact to the server. */
final class CopyStreams {

  private CopyStreams() {}

  /** Bytes written here go to a COPY ... FROM STDIN in progress. */
  static final class CopyInStream extends OutputStream {
    private final CopyIn in;

    CopyInStream(CopyIn in) {
      this.in = in;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        in.writeToCopy(b, off, len);
      } catch (SQLException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  /** At most {@code limit} bytes of another stream. */
  static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    LimitedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new java.io.EOFException("the compressed member ends inside its COPY data");
      }
      left -= n;
      return n;
    }
  }

  /** A region of a file, read with positional reads so several workers share nothing. */
  static final class RegionInputStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    RegionInputStream(FileChannel channel, long offset, long length) {
      this.channel = channel;
      this.position = offset;
      this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= end) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
      if (n < 0) {
        throw new java.io.EOFException("the dump is shorter than its index says");
      }
      position += n;
      return n;
    }
  }
}
