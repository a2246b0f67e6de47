package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private static final Path DEMO_JAR = Path.of("target", "demo.jar");

  @Test
  void theDemosRuntimeClassPathHasNoTestLibrary() throws IOException {
    List<String> jars = runtimeJars();
    assertThat(jars).as("the demo's class path").anyMatch(j -> j.startsWith("stack-"));
    for (String name : jars) {
      assertThat(Path.of("target", "lib", name)).as("copied beside the demo").exists();
    }
    assertThat(jars)
        .as("test libraries on the demo's runtime class path")
        .noneMatch(j -> TEST_LIBRARY.matcher(j).find());
  }

  @Test
  void theDemoLogsItsLinesToTheConsoleWithoutLoggingSetupNoise() throws Exception {
    // The demo's own class path, not the test's (which has Spring Boot's logback includes).
    List<URL> urls = new ArrayList<>(List.of(DEMO_JAR.toUri().toURL()));
    for (String name : runtimeJars()) {
      urls.add(Path.of("target", "lib", name).toUri().toURL());
    }
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    try (URLClassLoader demo =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      thread.setContextClassLoader(demo);
      Object logger =
          demo.loadClass("org.slf4j.LoggerFactory")
              .getMethod("getLogger", String.class)
              .invoke(null, "org.ckanmigrate.stack.Probe");
      demo.loadClass("org.slf4j.Logger")
          .getMethod("info", String.class)
          .invoke(logger, "a line of the demo's own");
    } finally {
      thread.setContextClassLoader(context);
      System.setOut(original);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .as("what the demo printed for one INFO line")
        .contains("a line of the demo's own")
        .doesNotContain("|-WARN", "|-ERROR", "|-INFO");
  }

  /** The jars of the demo's manifest class path (target/lib may hold stale jars nothing loads). */
  private static List<String> runtimeJars() throws IOException {
    assertThat(DEMO_JAR).as("the demo's packaged jar (mvn package)").isRegularFile();
    try (JarFile demo = new JarFile(DEMO_JAR.toFile())) {
      String classPath = demo.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(classPath).as("Class-Path of %s", DEMO_JAR).isNotBlank();
      return Arrays.stream(classPath.trim().split("\\s+"))
          .map(entry -> Path.of(entry).getFileName().toString())
          .sorted()
          .toList();
    }
  }
}
