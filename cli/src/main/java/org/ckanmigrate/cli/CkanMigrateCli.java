package org.ckanmigrate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ckan-migrate}: start, follow, resume and inspect CKAN migration runs. */
@Command(
    name = "ckan-migrate",
    mixinStandardHelpOptions = true,
    version = "ckan-migrate 0.1.0",
    description = "Migrates a CKAN portal's database to a new CKAN instance, phase by phase.",
    subcommands = {
      RunCommand.class,
      ResumeCommand.class,
      StatusCommand.class,
      ListCommand.class,
      PromoteSysadminsCommand.class,
      DeadLettersCommand.class,
      CommandLine.HelpCommand.class
    })
public class CkanMigrateCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (see {@link ExitCodes}). */
  public static int execute(String... args) {
    return new CommandLine(new CkanMigrateCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr()
                  .println(
                      "ckan-migrate: "
                          + org.ckanmigrate.common.secret.Scrubber.scrub(e.getMessage()));
              return ExitCodes.INTERNAL;
            })
        .execute(args);
  }
}
