package org.ckanmigrate.artifact;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.ckanmigrate.contract.spec.Compression;
import org.ckanmigrate.contract.spec.Compression.Kind;

/**
 * How a dump artifact is compressed, shared by the dump (writer) and the load (reader): {@code
 * none}, {@code gzip[:1-9]}, {@code zstd[:1-19]} or {@code lz4}, as written in the run spec's
 * {@code source.compression} and the manifest's {@code compression}.
 *
 * <p>Every compressed codec writes a file as a sequence of self-contained members (gzip members,
 * zstd frames, LZ4 frames): the file stays valid for {@code gunzip -c}, {@code zstd -dc} and {@code
 * lz4 -dc} (each reads concatenated members as one stream), while a reader that knows a member's
 * offset can decode from there on its own. {@link #decoder} reads all concatenated members.
 *
 * @param kind the algorithm
 * @param level its level (gzip 1-9, zstd 1-19); 0 for {@code none} and {@code lz4}
 */
public record Codec(Compression.Kind kind, int level) {

  /** The accepted spec forms, for error messages. */
  public static final String ACCEPTED_FORMS = Compression.ACCEPTED_FORMS;

  public static final Codec NONE = of(Compression.NONE);

  /** The default of the run spec's {@code source.compression} ({@link Compression#DEFAULT}). */
  public static final Codec DEFAULT = of(Compression.DEFAULT);

  private static final int BUFFER = 1 << 16;

  // gzip: no name, no mtime (reproducible artifacts), OS unknown.
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};

  public Codec {
    new Compression(kind, level); // one rule for kinds and levels: the run spec's
  }

  /** The codec for a compression the run spec or a manifest names. */
  public static Codec of(Compression compression) {
    return new Codec(compression.kind(), compression.level());
  }

  /**
   * Parses a spec string as {@link Compression#parse} does.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Codec parse(String spec) {
    return of(Compression.parse(spec));
  }

  /**
   * The codec whose magic number starts {@code head}, or empty when it starts with none of them (a
   * plain dump). The level is not recorded in the data; the result has the kind's default.
   */
  public static Optional<Codec> detect(byte[] head, int length) {
    if (startsWith(head, length, GZIP_HEADER, 2)) {
      return Optional.of(new Codec(Kind.GZIP, Compression.GZIP_DEFAULT_LEVEL));
    }
    if (startsWith(head, length, ZSTD_MAGIC, 4)) {
      return Optional.of(new Codec(Kind.ZSTD, Compression.ZSTD_DEFAULT_LEVEL));
    }
    if (startsWith(head, length, LZ4_MAGIC, 4)) {
      return Optional.of(new Codec(Kind.LZ4, 0));
    }
    return Optional.empty();
  }

  /** The codec of a file from its first bytes; {@link #NONE} when it has no known magic. */
  public static Codec detect(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return detect(head, head.length).orElse(NONE);
    }
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic, int n) {
    if (length < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the data is compressed at all. */
  public boolean compressed() {
    return kind != Kind.NONE;
  }

  /** The file name suffix after {@code .sql}: {@code .gz}, {@code .zst}, {@code .lz4} or empty. */
  public String suffix() {
    return switch (kind) {
      case NONE -> "";
      case GZIP -> ".gz";
      case ZSTD -> ".zst";
      case LZ4 -> ".lz4";
    };
  }

  /**
   * A stream that compresses into {@code out} as one member; closing it ends the member and closes
   * {@code out}. For {@code none}, {@code out} itself.
   */
  public OutputStream encoder(OutputStream out) throws IOException {
    return switch (kind) {
      case NONE -> out;
      case GZIP -> new LeveledGzipOutputStream(out, level);
      case ZSTD -> {
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, level);
        zstd.setChecksum(true);
        yield zstd;
      }
      case LZ4 -> lz4Frame(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB);
    };
  }

  private static OutputStream lz4Frame(OutputStream out, LZ4FrameOutputStream.BLOCKSIZE size)
      throws IOException {
    return new LZ4FrameOutputStream(
        out,
        size,
        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
        LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
  }

  private static LZ4FrameOutputStream.BLOCKSIZE lz4BlockSize(int length) {
    for (LZ4FrameOutputStream.BLOCKSIZE size :
        List.of(
            LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
            LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
            LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB)) {
      if (length <= 1 << (8 + 2 * size.getIndicator())) {
        return size;
      }
    }
    return LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB;
  }

  /**
   * One complete, self-contained member holding {@code data[offset, offset + length)}: a gzip
   * member (CRC-32 and size in its trailer), a zstd frame (with content checksum) or an LZ4 frame
   * (with content checksum); for {@code none}, the bytes themselves. Safe to call from many threads
   * at once.
   */
  public byte[] encodeMember(byte[] data, int offset, int length) {
    try {
      return switch (kind) {
        case NONE -> java.util.Arrays.copyOfRange(data, offset, offset + length);
        case GZIP -> gzipMember(data, offset, length, level);
        case ZSTD -> {
          try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            byte[] dst = new byte[(int) com.github.luben.zstd.Zstd.compressBound(length)];
            int n = ctx.compressByteArray(dst, 0, dst.length, data, offset, length);
            yield java.util.Arrays.copyOf(dst, n);
          }
        }
        case LZ4 -> {
          ByteArrayOutputStream member = new ByteArrayOutputStream(length / 2 + 64);
          // The smallest block size that holds the member in one block: the frame stream
          // allocates two buffers of the block size, a cost that dominated small members at 4 MB.
          try (OutputStream lz4 = lz4Frame(member, lz4BlockSize(length))) {
            lz4.write(data, offset, length);
          }
          yield member.toByteArray();
        }
      };
    } catch (IOException e) {
      // Only in-memory streams are involved.
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] gzipMember(byte[] input, int offset, int length, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      ByteArrayOutputStream member = new ByteArrayOutputStream(length / 3 + 64);
      member.write(GZIP_HEADER, 0, GZIP_HEADER.length);
      deflater.setInput(input, offset, length);
      deflater.finish();
      byte[] buffer = new byte[BUFFER];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        member.write(buffer, 0, n);
      }
      CRC32 crc = new CRC32();
      crc.update(input, offset, length);
      int c = (int) crc.getValue();
      member.write(
          new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)}, 0, 4);
      member.write(
          new byte[] {
            (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)
          },
          0,
          4);
      return member.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * A stream of the decompressed data of {@code in}, across all its concatenated members, to the
   * end of {@code in}. For {@code none}, {@code in} itself. Malformed or truncated compressed data
   * fails with {@link CorruptStreamException}; read errors of {@code in} pass through unchanged.
   * Close it when done: a zstd decoder holds native memory (freed at the next GC otherwise).
   */
  public InputStream decoder(InputStream in) throws IOException {
    if (kind == Kind.NONE) {
      return in;
    }
    SourceTracking source = new SourceTracking(in);
    try {
      InputStream decoded =
          switch (kind) {
            // GZIPInputStream only looks for a next member when available() > 0: make that true
            // whenever another byte exists, even on pipes and SSH channels.
            case GZIP -> new GZIPInputStream(new Lookahead(source), BUFFER);
            // The finalizing variant: a reader that never closes (stops at a COPY block's end)
            // still gets the native decoder memory back at the next GC.
            case ZSTD -> new ZstdInputStream(source);
            case LZ4 -> new LZ4FrameInputStream(source);
            case NONE -> throw new IllegalStateException();
          };
      return new Decoded(decoded, source, this);
    } catch (IOException e) {
      throw source.failed(e) ? e : new CorruptStreamException(describeCorrupt(e), e);
    }
  }

  private String describeCorrupt(IOException e) {
    return "the " + kind.name().toLowerCase(Locale.ROOT) + " data is corrupt or truncated: " + e;
  }

  /** The spec form: {@code none}, {@code gzip:N}, {@code zstd:N} or {@code lz4}. */
  @Override
  public String toString() {
    return new Compression(kind, level).toString();
  }

  private static final class LeveledGzipOutputStream extends GZIPOutputStream {
    LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
      super(out, BUFFER);
      def.setLevel(level);
    }
  }

  /** Remembers whether an exception came from the underlying stream rather than the decoder. */
  private static final class SourceTracking extends java.io.FilterInputStream {
    private volatile IOException last;

    SourceTracking(InputStream in) {
      super(in);
    }

    boolean failed(IOException e) {
      return e == last;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        last = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        last = e;
        throw e;
      }
    }

    @Override
    public int available() throws IOException {
      try {
        return in.available();
      } catch (IOException e) {
        last = e;
        throw e;
      }
    }
  }

  /** {@code available()} answers 1 when one more byte can be read, blocking to find out. */
  private static final class Lookahead extends BufferedInputStream {
    Lookahead(InputStream in) {
      super(in, BUFFER);
    }

    @Override
    public synchronized int available() throws IOException {
      int n = super.available();
      if (n > 0) {
        return n;
      }
      mark(1);
      int b = read();
      reset();
      return b < 0 ? 0 : 1;
    }
  }

  /** Turns decoder failures into {@link CorruptStreamException}. */
  private static final class Decoded extends java.io.FilterInputStream {
    private final SourceTracking source;
    private final Codec codec;

    Decoded(InputStream decoded, SourceTracking source, Codec codec) {
      super(decoded);
      this.source = source;
      this.codec = codec;
    }

    private IOException translate(IOException e) {
      if (e instanceof CorruptStreamException || source.failed(e)) {
        return e;
      }
      return new CorruptStreamException(codec.describeCorrupt(e), e);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return in.skip(n);
      } catch (IOException e) {
        throw translate(e);
      }
    }
  }
}
