package org.ckanmigrate.platform.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedPathsTest {

  @TempDir Path dir;

  @Test
  void aFileUnderARootIsAccepted() throws Exception {
    Path root = Files.createDirectories(dir.resolve("artifacts/run-1")).getParent();
    Path dump = Files.writeString(root.resolve("run-1/ckan.sql.zst"), "x");
    ConfinedPaths paths = ConfinedPaths.of(List.of(root), "ckan-migrate.load.artifact-roots");
    assertThat(paths.existingFile("inputs.dump.artifact", dump.toString()))
        .isEqualTo(dump.toRealPath());
  }

  @Test
  void pathsOutsideTheRootsAreRefusedBeforeOpening() throws Exception {
    Path root = Files.createDirectories(dir.resolve("artifacts"));
    ConfinedPaths paths = ConfinedPaths.of(List.of(root), "ckan-migrate.load.artifact-roots");
    assertThatThrownBy(() -> paths.existingFile("inputs.dump.artifact", "/etc/passwd"))
        .isInstanceOf(ConfinedPaths.OutsideRootsException.class)
        .hasMessageContaining("outside the artifact roots")
        .hasMessageContaining("ckan-migrate.load.artifact-roots");
    assertThatThrownBy(() -> paths.existingFile("a", root + "/../../etc/passwd"))
        .hasMessageContaining("must not contain '..'");
    assertThatThrownBy(() -> paths.existingFile("a", "artifacts/x.sql"))
        .hasMessageContaining("must be an absolute path");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "SELECT 1; token;");
    Path link = Files.createSymbolicLink(root.resolve("dump.sql"), secret);
    assertThatThrownBy(() -> paths.existingFile("a", link.toString()))
        .hasMessageContaining("really " + secret.toRealPath())
        .hasMessageNotContaining("token");
    Path linkedDir = Files.createSymbolicLink(root.resolve("out"), dir);
    assertThatThrownBy(() -> paths.confined("source.artifact-dir", linkedDir + "/run-1"))
        .hasMessageContaining("outside the artifact roots");
  }

  @Test
  void aDirectoryThatDoesNotExistYetIsCheckedThroughItsParent() throws Exception {
    Path root = Files.createDirectories(dir.resolve("artifacts"));
    ConfinedPaths paths = ConfinedPaths.of(List.of(root), "ckan-migrate.dump.artifact-roots");
    assertThat(paths.confined("source.artifact-dir", root + "/new/run-1"))
        .isEqualTo(root.toRealPath().resolve("new/run-1"));
  }
}
