package org.ckanmigrate.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.cli.follow.RunView;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ckan-migrate resume RUN}: asks again for the phase a run failed in. Phases recorded
 * complete are not run again; the failed phase starts clean with the inputs it had.
 */
@Command(name = "resume", description = "Resume a failed run from its failed phase.")
class ResumeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Option(names = "--detach", description = "Resume and return without following the run.")
  boolean detach;

  @Option(
      names = "--force",
      description = {
        "Resume even when the failure's code says resuming repeats the fault (the run's spec or",
        "dump is at fault), e.g. after changing the service's settings the message named."
      })
  boolean force;

  @Option(names = "--progress-every", defaultValue = "PT10S")
  Duration progressEvery;

  @Mixin KafkaOptions kafka;

  @Mixin StateDatabaseOptions state;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    RunState run = KnownRuns.one(kafka, state, runId, codec);
    if (!run.known() || run.spec() == null) {
      err.println(
          "No run " + runId + " on " + KnownRuns.where(kafka, state) + ". See: ckan-migrate list");
      return ExitCodes.NO_SUCH_RUN;
    }
    if (run.completed()) {
      out.println("Run " + runId + " already SUCCEEDED; nothing to resume.");
      return ExitCodes.OK;
    }
    RunState.Phase failed = run.failed();
    if (failed == null) {
      err.println("Run " + runId + " has not failed (it is still running); nothing to resume.");
      return ExitCodes.REFUSED;
    }
    String code = failed.failure == null ? null : failed.failure.code();
    if (!RunView.resumable(code) && !force) {
      err.println(
          "Run "
              + runId
              + " failed in "
              + failed.name
              + " with "
              + code
              + ": resuming repeats its run spec and dump, so it would fail the same way."
              + " Fix the cause and start a new run with another run id"
              + " (or --force if you changed what the message named outside the run).");
      return ExitCodes.REFUSED;
    }
    try (var publisher = new StandaloneEventPublisher(kafka.access(), codec)) {
      // A phase whose trigger never reached its service's state database (an outage past the
      // budget) is started afresh from this request: give the load the dump it would have had.
      RunRequested.PhaseInputs inputs = null;
      if ("load".equals(failed.name)) {
        Object dump = run.phases().get("dump").result;
        inputs =
            dump instanceof org.ckanmigrate.contract.event.DumpCompleted d
                ? new RunRequested.PhaseInputs(d)
                : run.inputs();
      }
      publisher.publish(
          Topics.EVENTS, codec.start(runId, new RunRequested(run.spec(), failed.name, inputs)));
    }
    out.println(
        "Run "
            + runId
            + ": resuming "
            + failed.name
            + " (it failed with "
            + failed.failure.code()
            + ").");
    if (detach) {
      return ExitCodes.OK;
    }
    return RunFollowing.follow(kafka.access(), runId, out, null, progressEvery);
  }
}
