package org.ckanmigrate.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpManifestTest {

  private static final DumpManifest.TableCopy PACKAGE =
      new DumpManifest.TableCopy("public.package", 2, 10L, 20L, 5L, 30L);

  private static DumpManifest manifest(String compression, List<DumpManifest.TableCopy> tables) {
    return new DumpManifest(
        DumpManifest.FORMAT_VERSION,
        "run-1",
        "ckan@db:22",
        List.of("jump@bastion:22"),
        "ckan",
        "ckan.sql.zst",
        compression,
        123L,
        456L,
        "ab12",
        "15.4",
        "15.4",
        "7312",
        "pg_dump -x -O ckan",
        "2026-12-04T08:00:00Z",
        "2026-12-04T08:01:00Z",
        60_000L,
        tables,
        2L);
  }

  @Test
  void whatTheDumpWritesTheLoadReadsBackUnchanged(@TempDir Path dir) throws IOException {
    DumpManifest written = manifest("zstd:1", List.of(PACKAGE));
    Path file = DumpManifest.besides(dir.resolve("ckan.sql.zst"));
    Files.write(file, written.toJson());

    assertThat(file.getFileName().toString()).isEqualTo("ckan.manifest.json");
    assertThat(DumpManifest.read(file)).isEqualTo(written);
  }

  @Test
  void aManifestWithFewerOrMoreFieldsIsReadWithTheMissingOnesNull(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("ckan.manifest.json");
    Files.writeString(
        file,
        """
        {"database": "ckan", "artifact": "ckan.sql.gz", "compression": "gzip",
         "recordedByANewerDump": {"x": 1}}
        """,
        StandardCharsets.UTF_8);

    DumpManifest read = DumpManifest.read(file);

    assertThat(read.database()).isEqualTo("ckan");
    assertThat(read.sizeBytes()).isNull();
    assertThat(read.sha256()).isNull();
    assertThat(read.tables()).isNull();
    assertThat(read.codec()).isEqualTo(Codec.parse("gzip:6"));
    assertThat(read.hasMembers()).isFalse();
  }

  @Test
  void aFileThatIsNotAManifestIsNamed(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ckan.manifest.json"), "-- not json");

    assertThatThrownBy(() -> DumpManifest.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void everyCompressedCodecOffersMembersAndAnUnknownCodecIsNamed() {
    for (String spec : List.of("gzip:1", "zstd:3", "lz4")) {
      DumpManifest m = manifest(spec, List.of(PACKAGE));
      assertThat(m.hasMembers()).as(spec).isTrue();
      assertThat(m.codec()).isEqualTo(Codec.parse(spec));
    }
    assertThat(manifest("none", List.of(PACKAGE)).hasMembers()).isFalse();
    // A block without its member's offsets (an older dump) cannot be sought to.
    assertThat(
            manifest("zstd:1", List.of(new DumpManifest.TableCopy("t", 1, null, null, 5L, 3L)))
                .hasMembers())
        .isFalse();
    assertThatThrownBy(() -> manifest("brotli", List.of(PACKAGE)).codec())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'brotli'");
  }

  @Test
  void theBlockHoldingAnOffsetIsFound() {
    DumpManifest.TableCopy second = new DumpManifest.TableCopy("public.tag", 1, 30L, 8L, 40L, 12L);
    DumpManifest m = manifest("gzip:1", List.of(PACKAGE, second));

    assertThat(m.tableAt(6)).isEqualTo(PACKAGE);
    assertThat(m.tableAt(41)).isEqualTo(second);
    assertThat(m.tableAt(5)).isNull(); // the statement itself, not the block's data
    assertThat(m.tableAt(60)).isNull();
  }
}
