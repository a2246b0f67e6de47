package org.ckanmigrate.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import org.ckanmigrate.client.ScrubbedLogback;
import org.ckanmigrate.contract.secret.Scrubber;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ckan-migrate}: start, follow, resume and inspect CKAN migration runs. */
@Command(
    name = "ckan-migrate",
    // INHERIT: every subcommand gets --help and --version, and the exit codes below in its help.
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = CkanMigrateCli.Version.class,
    description = "Migrates a CKAN portal's database to a new CKAN instance, phase by phase.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:succeeded",
      "1:internal error (see the message; report it)",
      "2:bad usage or run spec (nothing was started)",
      "3:refused: the input is not acceptable as it is (e.g. target not empty, unknown host key)",
      "4:source side: SSH, pg_dump or the transfer failed",
      "5:target side: PostgreSQL or CKAN's upgrade failed",
      "6:search side: Solr failed or rejected documents",
      "7:verification failed: counts or checksums differ",
      "8:interrupted: resume the run (ckan-migrate resume RUN)",
      "9:timed out waiting for the run (it may still be going)",
      "10:no such run (see ckan-migrate list)"
    },
    subcommands = {
      RunCommand.class,
      ResumeCommand.class,
      StatusCommand.class,
      ListCommand.class,
      PromoteSysadminsCommand.class,
      DeadLettersCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public class CkanMigrateCli {

  /** The version the build wrote into {@code version.properties} from the POM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      var props = new java.util.Properties();
      try (var in = CkanMigrateCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          props.load(in);
        }
      }
      return new String[] {"ckan-migrate " + props.getProperty("version", "(unknown version)")};
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (see {@link ExitCodes}). */
  public static int execute(String... args) {
    ScrubbedLogback.install();
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
              // A state database or Kafka login that cannot be used is a setting to fix, not a bug.
              return e instanceof org.ckanmigrate.cli.follow.RecordedRuns.UnreadableStateDatabase
                      || e instanceof org.ckanmigrate.client.KafkaAccess.InvalidAccess
                  ? ExitCodes.USAGE
                  : ExitCodes.INTERNAL;
            });
  }
}
