package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ckan-migrate demo} through the operator's jar: the CLI's {@code demo} subcommand finds the
 * packaged demo beside it in the checkout and hands it its arguments and exit code.
 */
class DemoSubcommandIT {

  @Test
  void theCliRunsTheDemoWithItsArgumentsAndItsHelp() throws Exception {
    Result help = cli("demo", "--", "--help");
    assertThat(help.code()).as(help.output()).isZero();
    // The demo's own help (its options), not the CLI's summary of the subcommand.
    assertThat(help.output())
        .contains("Usage: demo")
        .contains("--datasets")
        .contains("--keep-running");
  }

  @Test
  void aBadDemoOptionIsTheDemosUsageErrorWithItsExitCode() throws Exception {
    Result bad = cli("demo", "--datasets", "many");
    assertThat(bad.code()).as(bad.output()).isEqualTo(2);
    assertThat(bad.output()).contains("--datasets").contains("many");
  }

  @Test
  void theCliListsDemoAmongItsSubcommands() throws Exception {
    Result help = cli("--help");
    assertThat(help.code()).isZero();
    assertThat(help.output()).containsPattern("(?m)^\\s+demo\\s+A whole migration on this machine");
  }

  private record Result(int code, String output) {}

  private static Result cli(String... args) throws IOException, InterruptedException {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("..", "cli", "target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("cli-.*-exec\\.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no cli exec jar (mvn package)"));
    }
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-jar");
    argv.add(jar.toString());
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
