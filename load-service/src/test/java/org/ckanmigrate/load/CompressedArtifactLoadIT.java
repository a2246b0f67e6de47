package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.common.compress.Codec;
import org.ckanmigrate.load.artifact.DumpManifest;
import org.ckanmigrate.testsupport.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * zstd and lz4 artifacts in the dump phase's layout (every COPY block its own run of members, long
 * blocks cut into several members, the manifest recording each block's member range) load into a
 * target identical to the source: in parallel straight from the members, and streamed whole.
 */
class CompressedArtifactLoadIT {

  /** Smaller than the dump phase's 1 MB so that this small dump's tables span several members. */
  private static final int MEMBER = 16 * 1024;

  @TempDir static Path shared;
  static TestDatabase source;
  static byte[] plain;
  static PgFixtures.Snapshot sourceSnapshot;

  @BeforeAll
  static void dumpSource() throws Exception {
    source = GeneratedDump.createSource();
    plain = Files.readAllBytes(GeneratedDump.dump(source, shared, "generated.sql"));
    sourceSnapshot = PgFixtures.snapshot(source.name());
  }

  @AfterAll
  static void dropSource() {
    source.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:1", "lz4"})
  void membersFromTheManifestLoadInParallelWithoutSpooling(String spec, @TempDir Path work)
      throws Exception {
    Codec codec = Codec.parse(spec);
    Path artifact = work.resolve("ckan.sql" + codec.suffix());
    List<DumpManifest.TableCopy> copies = writeMembers(codec, artifact);
    assertThat(copies).anyMatch(c -> c.uncompressedLength() > 2 * MEMBER);
    new DumpManifest(
            1,
            source.name(),
            artifact.getFileName().toString(),
            codec.toString(),
            Files.size(artifact),
            (long) plain.length,
            null,
            null,
            copies)
        .write(DumpManifest.besides(artifact));
    String target = PgFixtures.newTargetName("ld_" + codec.kind().name().toLowerCase());
    try {
      LoadResult result = new Loader().load(request(artifact, target, 2, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(2);
      assertThat(result.spoolBytes()).isZero();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:3", "lz4"})
  void withoutManifestTheArtifactStreamsThroughOneConnection(String spec, @TempDir Path work)
      throws Exception {
    Codec codec = Codec.parse(spec);
    Path artifact = work.resolve("ckan.sql" + codec.suffix());
    writeMembers(codec, artifact);
    String target = PgFixtures.newTargetName("ld_stream");
    try {
      new Loader().load(request(artifact, target, 1, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  private static LoadRequest request(Path artifact, String target, int parallelism, Path work)
      throws Exception {
    return new LoadRequest(
        UUID.randomUUID().toString(),
        artifact,
        null,
        null,
        null,
        PgFixtures.target(work, target, false, parallelism),
        null);
  }

  /**
   * Writes the dump as the dump phase does: members end before each COPY statement and after its
   * end marker, and every {@link #MEMBER} bytes in between.
   */
  private static List<DumpManifest.TableCopy> writeMembers(Codec codec, Path artifact)
      throws Exception {
    String text = new String(plain, StandardCharsets.ISO_8859_1);
    List<DumpManifest.TableCopy> copies = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(artifact)) {
      long fileOffset = 0;
      int from = 0;
      while (true) {
        int copy = text.indexOf("\nCOPY ", from);
        if (copy < 0) {
          fileOffset += members(codec, out, from, plain.length);
          break;
        }
        copy++;
        int end = text.indexOf("\n\\.\n", copy) + 4;
        fileOffset += members(codec, out, from, copy);
        String header = text.substring(copy, text.indexOf('\n', copy));
        long rows = text.substring(copy, end).chars().filter(ch -> ch == '\n').count() - 2;
        long length = members(codec, out, copy, end);
        copies.add(
            new DumpManifest.TableCopy(
                header.split(" ")[1], rows, fileOffset, length, (long) copy, (long) (end - copy)));
        fileOffset += length;
        from = end;
      }
    }
    return copies;
  }

  private static long members(Codec codec, OutputStream out, int from, int to) throws Exception {
    long written = 0;
    for (int at = from; at < to; at += MEMBER) {
      byte[] member = codec.encodeMember(plain, at, Math.min(MEMBER, to - at));
      out.write(member);
      written += member.length;
    }
    return written;
  }
}
