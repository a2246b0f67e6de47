package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.artifact.CopyBlock;
import org.ckanmigrate.load.artifact.DumpIndex;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.platform.ckan.CkanTables;
import org.junit.jupiter.api.Test;

/** B6: a dump without CKAN's tables never replaces an existing target. */
class CkanDumpCheckTest {

  @Test
  void aDumpWithCkansTablesPasses() {
    assertThatCode(() -> Loader.checkIsCkanDump(index(CkanTables.CORE.stream()), "ckan"))
        .doesNotThrowAnyException();
  }

  @Test
  void aDumpWithoutThemIsRefusedNamingWhatIsMissing() {
    assertThatThrownBy(
            () -> Loader.checkIsCkanDump(index(Stream.of("package", "orders")), "ckan_default"))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_CKAN_DUMP))
        .hasMessageContaining("resource")
        .hasMessageContaining("ckan_default was not replaced")
        .hasMessageContaining("target.allow-non-ckan");
  }

  private static DumpIndex index(Stream<String> tables) {
    List<CopyBlock> blocks =
        tables
            .map(
                t ->
                    new CopyBlock(
                        new QualifiedName("public", t), "COPY", 1, 0, 0, 0, List.of(), true, null))
            .toList();
    return new DumpIndex(0, null, Codec.NONE, 0, blocks, null, 0);
  }
}
