package org.ckanmigrate.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.cli.follow.EventFollower;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.command.PromoteSysadmins;
import org.ckanmigrate.contract.event.CommandFailed;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.SysadminsRepromoted;
import org.ckanmigrate.contract.event.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ckan-migrate promote-sysadmins RUN USER...}: asks the schema-service (which keeps the
 * sysadmin ledger and the run's target credentials) to make users sysadmin again, but only users
 * the run's ledger recorded as sysadmins before any migration script ran. The CLI sends a {@link
 * PromoteSysadmins} command and prints the answer; it never connects to the target itself.
 */
@Command(
    name = "promote-sysadmins",
    description = {
      "Re-promote sysadmins recorded in a run's sysadmin ledger (users demoted by the",
      "data-model migration). Users the ledger does not hold are reported, never promoted.",
      "The schema-service carries it out with the run's recorded target and password."
    })
class PromoteSysadminsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  String runId;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "USER",
      description = "User ids or names (as recorded, or as now).")
  List<String> users;

  @Option(
      names = "--wait",
      defaultValue = "PT2M",
      paramLabel = "DURATION",
      description = "How long to wait for the schema-service's answer (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    RunState run = RunState.read(kafka.access(), runId, codec);
    if (!run.known() || run.spec() == null || run.spec().target() == null) {
      err.println("No run " + runId + " with a target database. See: ckan-migrate list");
      return ExitCodes.NO_SUCH_RUN;
    }
    EventEnvelope request = codec.start(runId, new PromoteSysadmins(users));
    AtomicReference<EventEnvelope> answer = new AtomicReference<>();
    try (EventFollower follower = new EventFollower(kafka.access(), codec)) {
      try (var publisher = new StandaloneEventPublisher(kafka.access(), codec)) {
        publisher.publish(Topics.EVENTS, request);
      }
      long deadline = System.nanoTime() + wait.toNanos();
      while (answer.get() == null && System.nanoTime() < deadline) {
        follower.poll(
            Duration.ofMillis(500),
            e -> {
              if (request.id().equals(e.causationid())) {
                answer.set(e);
              }
            });
      }
    }
    if (answer.get() == null) {
      err.println(
          "No answer from a schema-service within "
              + wait
              + ": is one running and reading "
              + Topics.EVENTS
              + "? The request stays on the topic: a schema-service that starts later carries it"
              + " out.");
      return ExitCodes.TIMEOUT;
    }
    EventType type = codec.typeOf(answer.get());
    if (type == EventType.COMMAND_FAILED) {
      CommandFailed failed = codec.payload(answer.get(), CommandFailed.class);
      err.println("Re-promotion failed (" + failed.code() + "): " + failed.message());
      return ExitCodes.forErrorCode(failed.code());
    }
    SysadminsRepromoted result = codec.payload(answer.get(), SysadminsRepromoted.class);
    out.println("Run " + runId + ", database " + result.database() + ":");
    out.println("  promoted:          " + result.promoted());
    out.println("  already sysadmin:  " + result.alreadySysadmin());
    if (!result.notRecorded().isEmpty()) {
      out.println("  NOT in the ledger (not promoted): " + result.notRecorded());
    }
    if (!result.gone().isEmpty()) {
      out.println("  no longer exist: " + result.gone());
    }
    return result.complete() ? ExitCodes.OK : ExitCodes.REFUSED;
  }
}
