package org.ckanmigrate.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ckanmigrate.contract.spec.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecTest {

  @TempDir Path dir;

  @Test
  void parsesEverySpecFormAndPrintsItBack() {
    assertThat(Codec.parse("none")).isEqualTo(Codec.NONE);
    assertThat(Codec.parse("gzip")).hasToString("gzip:6");
    assertThat(Codec.parse(" GZIP:1 ")).hasToString("gzip:1");
    assertThat(Codec.parse("zstd")).hasToString("zstd:3");
    assertThat(Codec.parse("zstd:19")).hasToString("zstd:19");
    assertThat(Codec.parse("lz4")).hasToString("lz4");
    assertThat(Codec.parse(null)).isEqualTo(Codec.DEFAULT);
    assertThat(Codec.parse("  ")).isEqualTo(Codec.DEFAULT);
    for (String form : List.of("none", "gzip:9", "zstd:1", "lz4")) {
      assertThat(Codec.parse(Codec.parse(form).toString())).isEqualTo(Codec.parse(form));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gzip:0", "gzip:10", "zstd:0", "zstd:20", "lz4:1", "none:0", "none:1", "brotli", "xz"
      })
  void unknownCodecOrLevelNamesTheAcceptedForms(String spec) {
    assertThatThrownBy(() -> Codec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + spec + "'")
        .hasMessageContaining(Codec.ACCEPTED_FORMS);
  }

  @Test
  void suffixFollowsTheCodec() {
    assertThat(Codec.parse("gzip:1").suffix()).isEqualTo(".gz");
    assertThat(Codec.parse("zstd:1").suffix()).isEqualTo(".zst");
    assertThat(Codec.parse("lz4").suffix()).isEqualTo(".lz4");
    assertThat(Codec.NONE.suffix()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip:1", "zstd:1", "zstd:3", "lz4"})
  void concatenatedMembersDecodeAsOneStreamAndEachFromItsOffset(String spec) throws IOException {
    Codec codec = Codec.parse(spec);
    byte[][] parts = {sql(300_000, 1), sql(10, 2), sql(2_500_000, 3)};
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    long[] offsets = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      offsets[i] = file.size();
      file.writeBytes(codec.encodeMember(parts[i], 0, parts[i].length));
    }
    byte[] all = concat(parts);
    byte[] encoded = file.toByteArray();

    assertThat(decode(codec, encoded)).isEqualTo(all);
    // A reader that seeks to the last member gets exactly that member's data.
    byte[] tail = Arrays.copyOfRange(encoded, (int) offsets[2], encoded.length);
    assertThat(decode(codec, tail)).isEqualTo(parts[2]);
    assertThat(Codec.detect(encoded, encoded.length)).map(Codec::kind).contains(codec.kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip:6", "zstd:3", "lz4"})
  void streamingEncoderRoundTrips(String spec) throws IOException {
    Codec codec = Codec.parse(spec);
    byte[] data = sql(1_000_000, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = codec.encoder(out)) {
      enc.write(data, 0, 1000);
      enc.write(data, 1000, data.length - 1000);
    }
    assertThat(out.size()).isLessThan(data.length);
    assertThat(decode(codec, out.toByteArray())).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip:1", "zstd:1", "lz4"})
  void theRealCliDecodesConcatenatedMembers(String spec) throws Exception {
    Codec codec = Codec.parse(spec);
    String cli =
        switch (codec.kind()) {
          case GZIP -> "/usr/bin/gunzip";
          case ZSTD -> "/usr/bin/zstd";
          default -> "/usr/bin/lz4";
        };
    assumeTrue(Files.isExecutable(Path.of(cli)), cli + " is not installed");
    byte[] a = sql(200_000, 5);
    byte[] b = sql(1_500_000, 6);
    Path file = dir.resolve("dump.sql" + codec.suffix());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(codec.encodeMember(a, 0, a.length));
      out.write(codec.encodeMember(b, 0, b.length));
    }
    Path decoded = dir.resolve("decoded.sql");
    Process p =
        new ProcessBuilder(
                codec.kind() == Compression.Kind.GZIP
                    ? List.of(cli, "-c", file.toString())
                    : List.of(cli, "-dc", file.toString()))
            .redirectOutput(decoded.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readAllBytes(decoded)).isEqualTo(concat(a, b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip:1", "zstd:1", "lz4"})
  void truncatedDataFailsAsCorrupt(String spec) {
    Codec codec = Codec.parse(spec);
    byte[] data = sql(500_000, 7);
    byte[] member = codec.encodeMember(data, 0, data.length);
    byte[] cut = Arrays.copyOf(member, member.length / 2);
    assertThatThrownBy(() -> decode(codec, cut)).isInstanceOf(CorruptStreamException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip:1", "zstd:1", "lz4"})
  void flippedByteFailsAsCorrupt(String spec) {
    Codec codec = Codec.parse(spec);
    byte[] data = sql(500_000, 8);
    byte[] member = codec.encodeMember(data, 0, data.length);
    member[member.length / 2] ^= 0x55;
    member[member.length / 2 + 1] ^= 0x55;
    assertThatThrownBy(() -> decode(codec, member))
        .isInstanceOf(CorruptStreamException.class)
        .hasMessageContaining(codec.kind().name().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void readErrorsOfTheSourcePassThroughUnchanged() throws IOException {
    Codec codec = Codec.parse("zstd:1");
    byte[] data = sql(500_000, 9);
    byte[] member = codec.encodeMember(data, 0, data.length);
    IOException diskError = new IOException("disk read error");
    InputStream failing =
        new ByteArrayInputStream(member, 0, member.length / 2) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw new java.io.UncheckedIOException(diskError);
            }
            return n;
          }
        };
    InputStream wrapped =
        new java.io.FilterInputStream(failing) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return in.read(b, off, len);
            } catch (java.io.UncheckedIOException e) {
              throw e.getCause();
            }
          }
        };
    InputStream decoder = codec.decoder(wrapped);
    assertThatThrownBy(() -> decoder.readAllBytes()).isSameAs(diskError);
  }

  @Test
  void detectsPlainTextAsNone() throws IOException {
    Path plain = dir.resolve("dump.sql");
    Files.writeString(plain, "--\n-- PostgreSQL database dump\n");
    assertThat(Codec.detect(plain)).isEqualTo(Codec.NONE);
    Path zst = dir.resolve("dump.sql.zst");
    byte[] data = sql(1000, 10);
    Files.write(zst, Codec.parse("zstd:1").encodeMember(data, 0, data.length));
    assertThat(Codec.detect(zst).kind()).isEqualTo(Compression.Kind.ZSTD);
  }

  private static byte[] decode(Codec codec, byte[] encoded) throws IOException {
    try (InputStream in = codec.decoder(new ByteArrayInputStream(encoded))) {
      return in.readAllBytes();
    }
  }

  /** COPY-like rows: compressible but not trivially. */
  private static byte[] sql(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(size + 100);
    while (s.length() < size) {
      s.append(random.nextInt(100_000))
          .append('\t')
          .append("dataset-")
          .append(Long.toHexString(random.nextLong()))
          .append("\tactive\t2024-0")
          .append(1 + random.nextInt(9))
          .append("-1")
          .append(random.nextInt(10))
          .append('\n');
    }
    return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
