package org.ckanmigrate.dump.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactWriterTest {

  private static final Codec GZIP = Codec.parse("gzip:1");

  @TempDir Path dir;

  static final String DUMP =
      """
      --
      -- PostgreSQL database dump
      --

      \\restrict abc123

      -- Dumped from database version 15.18 (Debian 15.18-1)
      -- Dumped by pg_dump version 15.18 (Debian 15.18-1)

      SET statement_timeout = 0;
      CREATE TABLE public.package (id text, notes text);
      CREATE TABLE public."Odd Name" (v text);

      --
      -- Data for Name: package; Type: TABLE DATA; Schema: public; Owner: -
      --

      COPY public.package (id, notes) FROM stdin;
      p1\tline one\\nline two
      p2\t\\\\. not an end marker
      p3\t\\N
      \\.


      COPY public."Odd Name" (v) FROM stdin;
      x
      \\.


      COPY public.empty (v) FROM stdin;
      \\.


      CREATE INDEX package_id ON public.package (id);

      --
      -- PostgreSQL database dump complete
      --

      \\unrestrict abc123

      """;

  private ArtifactWriter.Written write(Codec compression, String sql, Random chunks)
      throws IOException {
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactPaths paths = store.paths("run-1", "ckan", compression);
    try (ArtifactWriter writer = store.begin(paths, compression)) {
      byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < bytes.length; ) {
        int n = Math.min(bytes.length - i, 1 + chunks.nextInt(7));
        writer.write(bytes, i, n);
        i += n;
      }
      ArtifactWriter.Written written = writer.finish();
      writer.commit();
      return written;
    }
  }

  private Path artifact(Codec compression) {
    return new ArtifactStore(dir).paths("run-1", "ckan", compression).artifact();
  }

  @Test
  void gzipArtifactDecompressesToTheExactDumpAndCountsRowsPerTable() throws Exception {
    for (int seed = 0; seed < 20; seed++) {
      ArtifactWriter.Written written = write(GZIP, DUMP, new Random(seed));
      Path file = artifact(GZIP);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DUMP);
      }
      DumpScan scan = written.scan();
      assertThat(scan.complete()).isTrue();
      assertThat(scan.tables())
          .extracting(DumpManifest.TableCopy::table, DumpManifest.TableCopy::rows)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("public.package", 3L),
              org.assertj.core.groups.Tuple.tuple("public.\"Odd Name\"", 1L),
              org.assertj.core.groups.Tuple.tuple("public.empty", 0L));
      assertThat(scan.pgDumpVersion()).isEqualTo("15.18 (Debian 15.18-1)");
      assertThat(scan.serverVersion()).isEqualTo("15.18 (Debian 15.18-1)");
      assertThat(scan.uncompressedBytes()).isEqualTo(DUMP.getBytes(StandardCharsets.UTF_8).length);
      assertThat(written.sizeBytes()).isEqualTo(Files.size(file));
      assertThat(written.sha256())
          .isEqualTo(
              HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      Files.delete(file);
    }
  }

  @Test
  void eachCopyBlockIsAGzipMemberThatCanBeReadOnItsOwn() throws Exception {
    ArtifactWriter.Written written = write(GZIP, DUMP, new Random(1));
    byte[] file = Files.readAllBytes(artifact(GZIP));
    byte[] plain = DUMP.getBytes(StandardCharsets.UTF_8);
    for (DumpManifest.TableCopy table : written.scan().tables()) {
      byte[] member =
          java.util.Arrays.copyOfRange(
              file, table.offset().intValue(), (int) (table.offset() + table.length()));
      String block;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
        block = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String expected =
          new String(
              plain,
              table.uncompressedOffset().intValue(),
              table.uncompressedLength().intValue(),
              StandardCharsets.UTF_8);
      assertThat(block).isEqualTo(expected).startsWith("COPY " + table.table()).endsWith("\\.\n");
    }
  }

  @Test
  void tablesLargerThanACompressionBlockStayDecodableFromTheirOffset() throws Exception {
    StringBuilder rows = new StringBuilder();
    Random random = new Random(9);
    int count = 60_000; // about 3 MB: several compression blocks
    for (int i = 0; i < count; i++) {
      rows.append("pkg-")
          .append(i)
          .append('\t')
          .append(Long.toHexString(random.nextLong()))
          .append(" notes ")
          .append(i % 97)
          .append('\n');
    }
    String sql = DUMP.replace("p3\t\\N\n", "p3\t\\N\n" + rows);
    ArtifactWriter.Written written = write(GZIP, sql, new Random(2));
    byte[] file = Files.readAllBytes(artifact(GZIP));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(sql);
    }
    DumpManifest.TableCopy packages = written.scan().tables().get(0);
    assertThat(packages.rows()).isEqualTo(3 + count);
    byte[] range =
        java.util.Arrays.copyOfRange(
            file, packages.offset().intValue(), (int) (packages.offset() + packages.length()));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(range))) {
      String block = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(block).startsWith("COPY public.package").endsWith("\\.\n");
      assertThat(block.length()).isEqualTo(packages.uncompressedLength().intValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:1", "zstd:3", "lz4", "gzip:1"})
  void everyCodecWritesMembersThatTheCliAndTheCodecReadWholeAndEachTableFromItsOffset(String spec)
      throws Exception {
    Codec compression = Codec.parse(spec);
    String sql = DUMP.replace("p3\t\\N\n", "p3\t\\N\n" + rows(60_000)); // several 1 MB blocks
    ArtifactWriter.Written written = write(compression, sql, new Random(7));
    Path file = artifact(compression);
    assertThat(file.getFileName().toString()).isEqualTo("ckan.sql" + compression.suffix());
    byte[] bytes = Files.readAllBytes(file);
    Codec codec = compression;
    try (InputStream in = codec.decoder(new ByteArrayInputStream(bytes))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(sql);
    }
    byte[] plain = sql.getBytes(StandardCharsets.UTF_8);
    for (DumpManifest.TableCopy table : written.scan().tables()) {
      byte[] range =
          java.util.Arrays.copyOfRange(
              bytes, table.offset().intValue(), (int) (table.offset() + table.length()));
      try (InputStream in = codec.decoder(new ByteArrayInputStream(range))) {
        assertThat(in.readAllBytes())
            .isEqualTo(
                java.util.Arrays.copyOfRange(
                    plain,
                    table.uncompressedOffset().intValue(),
                    (int) (table.uncompressedOffset() + table.uncompressedLength())));
      }
    }
    // The manual path: the codec's own command line tool reads the artifact as one stream.
    List<String> cli =
        switch (codec.kind()) {
          case GZIP -> List.of("gunzip", "-c", file.toString());
          case ZSTD -> List.of("zstd", "-dc", file.toString());
          default -> List.of("lz4", "-dc", file.toString());
        };
    Path decoded = dir.resolve("decoded.sql");
    Process p =
        new ProcessBuilder(cli)
            .redirectOutput(decoded.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(p.waitFor()).as(String.join(" ", cli)).isZero();
    assertThat(Files.readString(decoded)).isEqualTo(sql);
  }

  private static String rows(int count) {
    StringBuilder rows = new StringBuilder();
    Random random = new Random(9);
    for (int i = 0; i < count; i++) {
      rows.append("pkg-")
          .append(i)
          .append('\t')
          .append(Long.toHexString(random.nextLong()))
          .append(" notes ")
          .append(i % 97)
          .append('\n');
    }
    return rows.toString();
  }

  @Test
  void uncompressedArtifactIsTheDumpItselfWithPlainOffsets() throws Exception {
    ArtifactWriter.Written written = write(Codec.NONE, DUMP, new Random(3));
    Path file = artifact(Codec.NONE);
    assertThat(file.getFileName().toString()).isEqualTo("ckan.sql");
    assertThat(Files.readString(file)).isEqualTo(DUMP);
    DumpManifest.TableCopy first = written.scan().tables().get(0);
    assertThat(first.offset()).isEqualTo(first.uncompressedOffset());
  }

  @Test
  void dumpWithoutTrailerIsIncomplete() throws Exception {
    String truncated = DUMP.substring(0, DUMP.indexOf("p3\t"));
    DumpScan scan = write(GZIP, truncated, new Random(5)).scan();
    assertThat(scan.complete()).isFalse();
    assertThat(scan.openCopyTable()).isEqualTo("public.package");
  }

  @Test
  void trailerFollowedByMoreSqlIsNotComplete() throws Exception {
    String tricky = DUMP + "DROP TABLE public.package;\n";
    assertThat(write(GZIP, tricky, new Random(6)).scan().complete()).isFalse();
  }

  @Test
  void abortedWriterLeavesNoPartFile() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactPaths paths = store.paths("run-2", "ckan", GZIP);
    try (ArtifactWriter writer = store.begin(paths, GZIP)) {
      writer.write(new byte[] {'x', '\n'}, 0, 2);
      assertThat(paths.part()).exists();
    }
    assertThat(paths.part()).doesNotExist();
    assertThat(paths.artifact()).doesNotExist();
  }

  @Test
  void beginRemovesLeftoversOfAnEarlierAttempt() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactPaths paths = store.paths("run-3", "ckan", GZIP);
    Files.createDirectories(paths.runDir());
    Files.writeString(paths.runDir().resolve("ckan.sql.part"), "stale");
    Files.writeString(paths.artifact(), "no manifest, so not complete");
    try (ArtifactWriter writer = store.begin(paths, GZIP)) {
      assertThat(paths.runDir().resolve("ckan.sql.part")).doesNotExist();
      assertThat(paths.artifact()).doesNotExist();
    }
  }

  @Test
  void runIdsThatAreNotPlainTokensAreRejected() {
    ArtifactStore store = new ArtifactStore(dir);
    for (String bad : List.of("../x", "/abs", "a/b", "", ".", "..", "a b")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.paths(bad, "ckan", GZIP))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void manifestRoundTripsAndMarksTheDumpComplete() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactPaths paths = store.paths("run-4", "ckan", GZIP);
    ArtifactWriter.Written written;
    try (ArtifactWriter writer = store.begin(paths, GZIP)) {
      byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
      writer.write(bytes, 0, bytes.length);
      written = writer.finish();
      writer.commit();
    }
    assertThat(store.completed(paths)).isEmpty();
    DumpManifest manifest =
        new DumpManifest(
            1,
            "run-4",
            "u@h:22",
            List.of(),
            "ckan",
            "ckan.sql.gz",
            "gzip:1",
            written.sizeBytes(),
            10L,
            written.sha256(),
            "15",
            "15",
            "7312345678901234567",
            "'pg_dump'",
            "t0",
            "t1",
            5L,
            written.scan().tables(),
            written.scan().totalRows());
    store.writeManifest(paths, manifest);
    assertThat(store.completed(paths)).contains(manifest);
    try (FileChannel ch =
            FileChannel.open(paths.artifact(), java.nio.file.StandardOpenOption.APPEND);
        var out = Channels.newOutputStream(ch)) {
      out.write('!');
    }
    assertThat(store.completed(paths)).as("size no longer matches").isEmpty();
  }
}
