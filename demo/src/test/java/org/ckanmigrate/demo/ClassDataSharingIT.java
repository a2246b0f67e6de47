package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's extracted jar and class data archive beside its Boot jar: made once, remade for a
 * rebuilt jar, never published half-written. (The training start itself and the services mapping
 * their archives are checked in {@link MigrationEndToEndIT}.)
 */
class ClassDataSharingIT {

  @Test
  void extractsOnceAndARebuiltJarGetsAFreshCopyWithTheStaleOneRemoved(@TempDir Path target)
      throws Exception {
    Path jar = target.resolve("dump-service-0.1.0-SNAPSHOT.jar");
    Files.copy(ServiceProcess.jar(DemoStack.projectDir(), "dump-service"), jar);

    ClassDataSharing first = ClassDataSharing.of(jar);
    assertThat(first.jar()).isRegularFile().hasParent(first.archive().getParent());
    assertThat(first.jar().resolveSibling("lib"))
        .isDirectoryContaining("glob:**/spring-core-*.jar");
    assertThat(first.trained()).isFalse();
    assertThat(first.jvmOptions()).isEmpty();
    Path marker = Files.writeString(first.jar().resolveSibling("marker"), "kept");

    assertThat(ClassDataSharing.of(jar).jar()).isEqualTo(first.jar());
    assertThat(marker).exists(); // not extracted again

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    ClassDataSharing rebuilt = ClassDataSharing.of(jar);
    assertThat(rebuilt.jar()).isNotEqualTo(first.jar()).isRegularFile();
    assertThat(first.jar().getParent()).doesNotExist();
    try (var entries = Files.list(target.resolve("cds"))) {
      assertThat(entries).containsExactly(rebuilt.jar().getParent());
    }
  }

  @Test
  void anArchiveIsUsedOnlyOnceATrainingStartHasWrittenOne(@TempDir Path target) throws Exception {
    Path jar = target.resolve("load-service-0.1.0-SNAPSHOT.jar");
    Files.copy(ServiceProcess.jar(DemoStack.projectDir(), "load-service"), jar);
    ClassDataSharing cds = ClassDataSharing.of(jar);

    Path nothingWritten = cds.stagingArchive();
    assertThat(cds.publish(nothingWritten)).isFalse();
    assertThat(nothingWritten).doesNotExist();
    assertThat(cds.trained()).isFalse();

    Path written = cds.stagingArchive();
    Files.write(written, new byte[] {1, 2, 3});
    assertThat(cds.publish(written)).isTrue();
    assertThat(cds.trained()).isTrue();
    assertThat(cds.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + cds.archive());
    assertThat(cds.mappedBy(ProcessHandle.current().pid())).isFalse();
  }
}
