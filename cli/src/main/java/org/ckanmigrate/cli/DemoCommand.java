package org.ckanmigrate.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ckan-migrate demo ...}: the one-machine mode. Its stack (Kafka, Solr, PostgreSQL, SSH, the
 * four services) lives in the demo module, which itself depends on this CLI, so this subcommand
 * runs the demo's jar in a child JVM with the same arguments and returns its exit code.
 */
@Command(
    name = "demo",
    description = {
      "A whole migration on this machine: embedded Kafka, Solr, PostgreSQL and SSH, the four",
      "services as processes, every verification checked. Arguments after `demo` go to it,",
      "e.g. --datasets 5000, --spec FILE, --keep-running; `ckan-migrate demo -- --help` lists",
      "them all."
    })
class DemoCommand implements Callable<Integer> {

  /** Where to find the demo jar instead of next to this checkout's CLI jar. */
  static final String JAR_PROPERTY = "ckan.demo.jar";

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Unmatched List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path jar = demoJar();
    if (jar == null) {
      command
          .commandLine()
          .getErr()
          .println(
              "Cannot find the demo's jar (demo/target/demo.jar) above "
                  + searched()
                  + ": build the project (./mvnw -DskipTests install) or set -D"
                  + JAR_PROPERTY
                  + "=PATH");
      return ExitCodes.USAGE;
    }
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The demo finds the services' jars and the Solr server from the checkout's root.
    Path root = jar.toAbsolutePath().getParent().getParent().getParent();
    argv.add("-Dckan.project.dir=" + root);
    argv.add("-jar");
    argv.add(jar.toString());
    argv.addAll(arguments.stream().filter(a -> !a.equals("--")).toList());
    Process demo = new ProcessBuilder(argv).inheritIO().start();
    try {
      return demo.waitFor();
    } catch (InterruptedException e) {
      demo.destroy(); // the demo's shutdown hook stops what it started
      demo.waitFor();
      throw e;
    }
  }

  private static Path demoJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null) {
      return Files.isRegularFile(Path.of(configured)) ? Path.of(configured) : null;
    }
    for (Path start : searchStarts()) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("demo").resolve("target").resolve("demo.jar");
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /**
   * Where to look upwards from: this CLI's class path (the exec jar in {@code cli/target} of the
   * checkout when run as {@code java -jar}), then the working directory.
   */
  private static List<Path> searchStarts() {
    List<Path> starts = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        starts.add(Path.of(entry).toAbsolutePath());
      }
    }
    starts.add(Path.of("").toAbsolutePath());
    return starts;
  }

  private static String searched() {
    return searchStarts().stream().map(Path::toString).distinct().toList().toString();
  }
}
