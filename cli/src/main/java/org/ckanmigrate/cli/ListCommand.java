package org.ckanmigrate.cli;

import java.util.concurrent.Callable;
import org.ckanmigrate.cli.follow.RunJson;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.contract.event.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ckan-migrate list}: every run on the cluster, oldest first, with its outcome. */
@Command(name = "list", description = "List runs with their outcome and current phase.")
class ListCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Mixin KafkaOptions kafka;

  @Mixin StateDatabaseOptions state;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text (a table) or json (an array, for scripts).")
  StatusCommand.Output output;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    var runs = KnownRuns.all(kafka, state, codec);
    if (output == StatusCommand.Output.json) {
      out.println(codec.mapper().writeValueAsString(runs.stream().map(RunJson::summary).toList()));
      return ExitCodes.OK;
    }
    out.printf("%-36s  %-9s  %-20s  %s%n", "run", "outcome", "requested", "phase");
    for (RunState run : runs) {
      String current =
          run.phases().values().stream()
              .filter(
                  p -> p.status == RunState.Status.RUNNING || p.status == RunState.Status.FAILED)
              .map(p -> p.name)
              .findFirst()
              .orElse(run.completed() ? "-" : "");
      out.printf(
          "%-36s  %-9s  %-20s  %s%n", run.runId(), run.outcome(), run.requestedAt(), current);
    }
    return ExitCodes.OK;
  }
}
