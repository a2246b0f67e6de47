package org.ckanmigrate.load.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactInspectorTest {

  private static final String DUMP =
      "SET client_encoding = 'UTF8';\n"
          + "CREATE TABLE public.a (id int, v text);\n"
          + "COPY public.a (id, v) FROM stdin;\n1\tx\\ty\n2\t\\N\n\\.\n\n"
          + "COPY public.b (id) FROM stdin;\n\\.\n\n"
          + "--\n-- PostgreSQL database dump complete\n--\n\n";

  @TempDir Path dir;

  private Path gzip(String name, byte[] data) throws Exception {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(data);
    }
    return p;
  }

  @Test
  void indexPointsAtEachBlocksDataInTheSpool() throws Exception {
    byte[] sql = DUMP.getBytes(StandardCharsets.UTF_8);
    Path gz = gzip("d.sql.gz", sql);
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(gz)));

    DumpIndex index =
        ArtifactInspector.inspect(
            gz, sha, Files.size(gz), DumpPolicy.defaults(), dir.resolve("spool"));

    assertThat(index.compressed()).isTrue();
    assertThat(index.sha256()).isEqualTo(sha);
    assertThat(index.dumpBytes()).isEqualTo(sql.length);
    assertThat(index.spoolBytes()).isEqualTo(sql.length);
    byte[] spooled = Files.readAllBytes(index.seekable());
    assertThat(spooled).isEqualTo(sql);
    CopyBlock a = index.blocks().get(0);
    assertThat(a.table()).isEqualTo(new QualifiedName("public", "a"));
    assertThat(a.rows()).isEqualTo(2);
    assertThat(
            new String(spooled, (int) a.bodyOffset(), (int) a.bodyLength(), StandardCharsets.UTF_8))
        .isEqualTo("1\tx\\ty\n2\t\\N\n");
    assertThat(index.blocks().get(1).rows()).isZero();
    assertThat(index.expectedRows())
        .containsEntry(new QualifiedName("public", "a"), 2L)
        .containsEntry(new QualifiedName("public", "b"), 0L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:1", "lz4", "gzip:1"})
  void membersOfEveryCodecDecodeIntoTheSpool(String spec) throws Exception {
    Codec codec = Codec.parse(spec);
    byte[] sql = DUMP.getBytes(StandardCharsets.UTF_8);
    int copyStart = DUMP.indexOf("COPY public.a");
    Path artifact = dir.resolve("d.sql" + codec.suffix());
    try (OutputStream out = Files.newOutputStream(artifact)) {
      // One member before the COPY block and one from it on, as the dump phase writes them.
      out.write(codec.encodeMember(sql, 0, copyStart));
      out.write(codec.encodeMember(sql, copyStart, sql.length - copyStart));
    }

    DumpIndex index =
        ArtifactInspector.inspect(
            artifact, null, Files.size(artifact), DumpPolicy.defaults(), dir.resolve("spool"));

    assertThat(index.codec().kind()).isEqualTo(codec.kind());
    assertThat(index.compressed()).isTrue();
    assertThat(Files.readAllBytes(index.seekable())).isEqualTo(sql);
    assertThat(index.blocks().get(0).rows()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:1", "lz4"})
  void truncatedZstdOrLz4IsCorruptAndLeavesNoSpool(String spec) throws Exception {
    Codec codec = Codec.parse(spec);
    byte[] sql = DUMP.getBytes(StandardCharsets.UTF_8);
    byte[] all = codec.encodeMember(sql, 0, sql.length);
    Path cut =
        Files.write(dir.resolve("cut.sql" + codec.suffix()), Arrays.copyOf(all, all.length - 6));
    Path spool = Files.createDirectories(dir.resolve("spool"));

    assertThatThrownBy(
            () -> ArtifactInspector.inspect(cut, null, null, DumpPolicy.defaults(), spool))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_CORRUPT));
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void uncompressedArtifactIsItsOwnSeekableCopy() throws Exception {
    Path plain = Files.writeString(dir.resolve("d.sql"), DUMP);

    DumpIndex index = ArtifactInspector.inspect(plain, null, null, DumpPolicy.defaults(), dir);

    assertThat(index.seekable()).isEqualTo(plain);
    assertThat(index.spoolBytes()).isZero();
  }

  @Test
  void truncatedGzipIsCorruptAndLeavesNoSpool() throws Exception {
    byte[] all = Files.readAllBytes(gzip("d.sql.gz", DUMP.getBytes(StandardCharsets.UTF_8)));
    Path cut = Files.write(dir.resolve("cut.sql.gz"), Arrays.copyOf(all, all.length - 6));
    Path spool = Files.createDirectories(dir.resolve("spool"));

    assertThatThrownBy(
            () -> ArtifactInspector.inspect(cut, null, null, DumpPolicy.defaults(), spool))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_CORRUPT));
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void sizeAndChecksumMismatchesAreNamed() throws Exception {
    Path plain = Files.writeString(dir.resolve("d.sql"), DUMP);

    assertThatThrownBy(
            () -> ArtifactInspector.inspect(plain, null, 1L, DumpPolicy.defaults(), null))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
        .hasMessageContaining("recorded 1");
    assertThatThrownBy(
            () ->
                ArtifactInspector.inspect(
                    plain, "ab".repeat(32), null, DumpPolicy.defaults(), null))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
        .hasMessageContaining("ab".repeat(32));
  }

  @Test
  void missingClosingCommentIsIncomplete() throws Exception {
    Path plain =
        Files.writeString(
            dir.resolve("d.sql"), DUMP.substring(0, DUMP.indexOf("--\n-- PostgreSQL")));

    assertThatThrownBy(
            () -> ArtifactInspector.inspect(plain, null, null, DumpPolicy.defaults(), null))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_INCOMPLETE));
  }

  @Test
  void manifestNamesItsOwnFileBesideTheArtifact() {
    assertThat(DumpManifest.besides(Path.of("/a/run/ckan.sql.gz")))
        .isEqualTo(Path.of("/a/run/ckan.manifest.json"));
    assertThat(DumpManifest.besides(Path.of("/a/ckan.sql")))
        .isEqualTo(Path.of("/a/ckan.manifest.json"));
  }
}
