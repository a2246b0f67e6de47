package org.ckanmigrate.stack.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolrServerJarTest {

  @TempDir Path root;

  @Test
  void configuredDirectoryWins() throws IOException {
    Path configured = jarIn(root.resolve("elsewhere"));
    jarIn(root.resolve("solr-server/target"));

    assertThat(SolrServerJar.locate(configured.getParent().toString(), root)).isEqualTo(configured);
  }

  @Test
  void walksUpFromAModuleDirectoryToTheProjectRoot() throws IOException {
    Path jar = jarIn(root.resolve("solr-server/target"));
    Path module = Files.createDirectories(root.resolve("index-service/src"));

    assertThat(SolrServerJar.locate(null, module)).isEqualTo(jar);
  }

  @Test
  void fallsBackToWalkingUpWhenTheConfiguredDirectoryHasNoJar() throws IOException {
    Path jar = jarIn(root.resolve("solr-server/target"));

    assertThat(SolrServerJar.locate(root.resolve("nothing-here").toString(), root)).isEqualTo(jar);
  }

  @Test
  void missingJarTellsHowToBuildIt() {
    assertThatThrownBy(() -> SolrServerJar.locate("", root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("solr-server.jar not found")
        .hasMessageContaining(root.resolve("solr-server/target/solr-server.jar").toString())
        .hasMessageContaining("./mvnw -pl solr-server package");
  }

  private static Path jarIn(Path dir) throws IOException {
    return Files.write(Files.createDirectories(dir).resolve("solr-server.jar"), new byte[] {1});
  }
}
