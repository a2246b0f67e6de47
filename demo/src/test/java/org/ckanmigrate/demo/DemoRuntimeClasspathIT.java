package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the demo ships: the jars on its manifest's class path (copied to {@code target/lib} at
 * package time, so this runs as an integration test after packaging) hold no test library. {@code
 * demo --spec} runs real migrations on this class path.
 */
class DemoRuntimeClasspathIT {

  private static final Pattern TEST_LIBRARY =
      Pattern.compile(
          "^(junit-|opentest4j|assertj-|spring-test-|spring-boot-test|spring-kafka-test|"
              + "test-support-|testcontainers|awaitility|mockito|hamcrest|jsonassert|"
              + "json-path-|xmlunit|byte-buddy-agent|.*-test\\.jar$|.*-tests\\.jar$)");

  @Test
  void theDemosRuntimeClassPathHasNoTestLibrary() throws IOException {
    // The class path the demo runs with is its manifest's (target/lib may also hold jars an
    // earlier build copied there, which nothing loads).
    Path jar = Path.of("target", "demo.jar");
    assertThat(jar).as("the demo's packaged jar (mvn package)").isRegularFile();
    List<String> jars;
    try (JarFile demo = new JarFile(jar.toFile())) {
      String classPath = demo.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(classPath).as("Class-Path of %s", jar).isNotBlank();
      jars =
          Arrays.stream(classPath.trim().split("\\s+"))
              .map(entry -> Path.of(entry).getFileName().toString())
              .sorted()
              .toList();
    }
    assertThat(jars).as("the demo's class path").anyMatch(j -> j.startsWith("stack-"));
    for (String name : jars) {
      assertThat(Path.of("target", "lib", name)).as("copied beside the demo").exists();
    }
    assertThat(jars)
        .as("test libraries on the demo's runtime class path")
        .noneMatch(j -> TEST_LIBRARY.matcher(j).find());
  }
}
