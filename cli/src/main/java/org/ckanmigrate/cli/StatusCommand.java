package org.ckanmigrate.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.ckanmigrate.cli.follow.RunJson;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.cli.follow.RunView;
import org.ckanmigrate.contract.event.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ckan-migrate status [RUN]}: where a run stands, as the services recorded it. The exit code
 * follows the run: 0 while it runs or once it succeeded, its failure's class once it failed.
 */
@Command(
    name = "status",
    description = {
      "Show a run's phases (default: the latest run).",
      "Exits 0 for a running or succeeded run, and with the failure's exit code for a failed one."
    })
class StatusCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(paramLabel = "RUN", arity = "0..1", description = "The run id.")
  String runId;

  @Mixin KafkaOptions kafka;

  @Mixin StateDatabaseOptions state;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text (the summary table) or json (one object, for scripts).")
  Output output;

  enum Output {
    text,
    json
  }

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    RunState run;
    if (runId == null) {
      var runs = KnownRuns.all(kafka, state, codec);
      if (runs.isEmpty()) {
        out.println("No runs on " + KnownRuns.where(kafka, state) + ".");
        return ExitCodes.OK;
      }
      run = runs.get(runs.size() - 1);
    } else {
      run = KnownRuns.one(kafka, state, runId, codec);
      if (run.requestedAt() == null) {
        command
            .commandLine()
            .getErr()
            .println(
                "No run "
                    + runId
                    + " on "
                    + KnownRuns.where(kafka, state)
                    + ". See: ckan-migrate list");
        return ExitCodes.NO_SUCH_RUN;
      }
    }
    Instant now = Instant.now();
    if (output == Output.json) {
      out.println(codec.mapper().writeValueAsString(RunJson.run(run, now)));
      return exitCode(run);
    }
    out.println(
        "Run " + run.runId() + " " + run.outcome() + " (requested " + run.requestedAt() + ")");
    run.phases().values().forEach(p -> out.println("  " + RunView.line(p, now)));
    RunView.summary(run, out, now);
    RunState.Phase failed = run.failed();
    if (failed != null && failed.failure != null) {
      out.println(RunView.nextStep(run.runId(), failed.failure.code()));
    }
    return exitCode(run);
  }

  /** A script can branch on a run's outcome without parsing the output. */
  private static int exitCode(RunState run) {
    RunState.Phase failed = run.failed();
    return failed == null || failed.failure == null
        ? ExitCodes.OK
        : ExitCodes.forErrorCode(failed.failure.code());
  }
}
