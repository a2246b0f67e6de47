package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the demo ships: the jars in {@code target/lib} (its runtime class path, copied at package
 * time, so this runs as an integration test after packaging) hold no test library. {@code demo
 * --spec} runs real migrations on this class path.
 */
class DemoRuntimeClasspathIT {

  private static final Pattern TEST_LIBRARY =
      Pattern.compile(
          "^(junit-|opentest4j|assertj-|spring-test-|spring-boot-test|spring-kafka-test|"
              + "test-support-|testcontainers|awaitility|mockito|hamcrest|jsonassert|"
              + "json-path-|xmlunit|byte-buddy-agent|.*-test\\.jar$|.*-tests\\.jar$)");

  @Test
  void theDemosRuntimeClassPathHasNoTestLibrary() throws IOException {
    Path lib = Path.of("target", "lib");
    assertThat(lib).as("the demo's packaged class path (mvn package)").isDirectory();
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars).as("jars in %s", lib).anyMatch(j -> j.startsWith("stack-"));
    assertThat(jars)
        .as("test libraries on the demo's runtime class path")
        .noneMatch(j -> TEST_LIBRARY.matcher(j).find());
  }
}
