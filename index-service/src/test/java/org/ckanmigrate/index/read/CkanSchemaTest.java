package org.ckanmigrate.index.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CkanSchemaTest {

  @Test
  void releaseFollowsTheColumnsEachReleaseAddedOrDropped() {
    assertThat(
            CkanSchema.fromColumns(
                Map.of("package", Set.of("id", "plugin_data"), "resource", Set.of("id"))))
        .isEqualTo(CkanRelease.V2_10);
    assertThat(
            CkanSchema.fromColumns(
                Map.of("package", Set.of("id"), "resource", Set.of("id", "metadata_modified"))))
        .isEqualTo(CkanRelease.V2_9);
    assertThat(
            CkanSchema.fromColumns(
                Map.of(
                    "package", Set.of("id", "revision_id"),
                    "resource", Set.of("id"),
                    "migrate_version", Set.of("version"))))
        .isEqualTo(CkanRelease.V2_8);
  }

  @Test
  void parsesReleaseNamesAndRejectsUnsupportedOnes() {
    assertThat(CkanRelease.parse("2.10.4")).isEqualTo(CkanRelease.V2_10);
    assertThat(CkanRelease.parse("2.11")).hasToString("2.11");
    assertThatThrownBy(() -> CkanRelease.parse("2.2")).hasMessageContaining("supports 2.7 to 2.11");
  }
}
