package org.ckanmigrate.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import org.ckanmigrate.common.secret.ScrubbedLogging;
import org.ckanmigrate.common.secret.Scrubber;
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
    ScrubbedLogging.install();
    return commandLine(
            new PrintWriter(System.out, true, Charset.defaultCharset()),
            new PrintWriter(System.err, true, Charset.defaultCharset()))
        .execute(args);
  }

  /**
   * The CLI printing to {@code out} and {@code err} through {@link ScrubbingWriter}: no output,
   * help or error text of the CLI can show a secret.
   */
  public static CommandLine commandLine(Writer out, Writer err) {
    return new CommandLine(new CkanMigrateCli())
        .setOut(new PrintWriter(new ScrubbingWriter(out), true))
        .setErr(new PrintWriter(new ScrubbingWriter(err), true))
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("ckan-migrate: " + Scrubber.scrub(e.getMessage()));
              return ExitCodes.INTERNAL;
            });
  }
}
