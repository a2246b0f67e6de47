package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.stack.postgres.TestDatabase;
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
    List<DumpManifest.TableCopy> copies =
        DumpPhaseArtifact.write(plain, codec, MEMBER, artifact, source.name(), true);
    assertThat(copies).anyMatch(c -> c.uncompressedLength() > 2 * MEMBER);
    String target = PgFixtures.newTargetName("ld_" + codec.kind().name().toLowerCase());
    try {
      LoadResult result = new Loader().load(PgFixtures.loadRequest(artifact, target, 2, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(2);
      assertThat(result.spoolBytes()).isZero();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd:1", "gzip:1"})
  void aDamagedTableMemberFailsTheLoadAsCorruptAndLeavesNoTarget(String spec, @TempDir Path work)
      throws Exception {
    Codec codec = Codec.parse(spec);
    Path artifact = work.resolve("ckan.sql" + codec.suffix());
    // No checksum recorded: only decoding can find the damage.
    List<DumpManifest.TableCopy> copies =
        DumpPhaseArtifact.write(plain, codec, MEMBER, artifact, source.name(), false);
    // Damage the middle of the biggest table's members, which the read jumps over.
    DumpManifest.TableCopy biggest =
        copies.stream()
            .max(java.util.Comparator.comparingLong(DumpManifest.TableCopy::length))
            .orElseThrow();
    byte[] bytes = Files.readAllBytes(artifact);
    int at = (int) (biggest.offset() + biggest.length() / 2);
    for (int i = at; i < at + 64; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(artifact, bytes);
    String target = PgFixtures.newTargetName("ld_damaged");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Loader().load(PgFixtures.loadRequest(artifact, target, 2, work)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_CORRUPT);
              assertThat(e.getMessage()).contains(biggest.table());
            });
    assertThat(PgFixtures.databaseExists(target)).isFalse();
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
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
      new Loader().load(PgFixtures.loadRequest(artifact, target, 1, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  private static List<DumpManifest.TableCopy> writeMembers(Codec codec, Path artifact)
      throws Exception {
    return DumpPhaseArtifact.writeMembers(plain, codec, MEMBER, artifact);
  }
}
