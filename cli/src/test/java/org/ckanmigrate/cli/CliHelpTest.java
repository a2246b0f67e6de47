package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CliHelpTest {

  static List<String> subcommands() {
    return CkanMigrateCli.commandLine(new StringWriter(), new StringWriter())
        .getSubcommands()
        .keySet()
        .stream()
        .filter(name -> !name.equals("help"))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandAnswersHelpWithItsUsageAndTheExitCodes(String subcommand) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CkanMigrateCli.commandLine(out, err).execute(subcommand, "--help");
    assertThat(code).as("exit of `%s --help`; stderr: %s", subcommand, err).isZero();
    assertThat(out.toString())
        .startsWith("Usage: ckan-migrate " + subcommand)
        .contains("-h, --help")
        .contains("Exit codes:")
        .containsPattern("(?m)^\\s+2\\s+bad usage or run spec")
        .containsPattern("(?m)^\\s+7\\s+verification failed")
        .containsPattern("(?m)^\\s+10\\s+no such run");
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandPrintsTheBuildsVersion(String subcommand) {
    StringWriter out = new StringWriter();
    int code = CkanMigrateCli.commandLine(out, new StringWriter()).execute(subcommand, "--version");
    assertThat(code).isZero();
    // The POM's version, filtered into version.properties by the build: never a second copy.
    assertThat(out.toString().strip()).matches("ckan-migrate \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @org.junit.jupiter.api.Test
  void topLevelHelpListsTheSubcommandsAndExitCodes() {
    StringWriter out = new StringWriter();
    assertThat(CkanMigrateCli.commandLine(out, new StringWriter()).execute("--help")).isZero();
    assertThat(out.toString()).contains("run", "resume", "status", "list", "Exit codes:");
    // One line per exit code, 0 to 10.
    assertThat(new CommandLine(new CkanMigrateCli()).getCommandSpec().usageMessage().exitCodeList())
        .hasSize(11);
  }
}
