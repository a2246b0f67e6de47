package org.ckanmigrate.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ckanmigrate.cli.follow.EventFollower;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.cli.follow.RunView;
import org.ckanmigrate.client.KafkaAccess;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.RunRejected;

/** Follows one run on the event stream until it ends, printing progress, then the summary. */
final class RunFollowing {

  private RunFollowing() {}

  static int follow(
      KafkaAccess bootstrap, String runId, PrintWriter out, Duration timeout, Duration printEvery) {
    return follow(bootstrap, runId, null, out, timeout, printEvery);
  }

  /**
   * Follows the run until it ends; with {@code requestEventId}, also until the services refuse that
   * request ({@code RUN_ID_CONFLICT}).
   */
  static int follow(
      KafkaAccess bootstrap,
      String runId,
      String requestEventId,
      PrintWriter out,
      Duration timeout,
      Duration printEvery) {
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    RunState run = new RunState(runId);
    Map<String, String> lastLines = new HashMap<>();
    Instant lastPrint = Instant.EPOCH;
    Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
    try (EventFollower follower = new EventFollower(bootstrap, codec)) {
      while (true) {
        follower.poll(Duration.ofMillis(500), e -> run.apply(e, codec));
        Instant now = Instant.now();
        boolean periodic = Duration.between(lastPrint, now).compareTo(printEvery) >= 0;
        for (RunState.Phase p : run.phases().values()) {
          if (p.status == RunState.Status.PENDING || p.status == RunState.Status.SKIPPED) {
            continue;
          }
          String line = RunView.line(p, now);
          String statusKey = p.name + p.status;
          boolean changed = !statusKey.equals(lastLines.get(p.name));
          if (changed || (periodic && p.status == RunState.Status.RUNNING)) {
            out.println(line);
            out.flush();
            lastLines.put(p.name, statusKey);
          }
        }
        if (periodic) {
          lastPrint = now;
        }
        RunRejected rejected = requestEventId == null ? null : run.rejection(requestEventId);
        if (rejected != null) {
          out.println(
              "Run " + runId + " request REFUSED: " + rejected.code() + ": " + rejected.message());
          return ExitCodes.forErrorCode(rejected.code());
        }
        if (run.completed() || run.failed() != null) {
          RunView.summary(run, out, now);
          if (run.completed()) {
            out.println("Run " + runId + " SUCCEEDED");
            return ExitCodes.OK;
          }
          RunState.Phase failed = run.failed();
          out.println(
              "Run "
                  + runId
                  + " FAILED in "
                  + failed.name
                  + ": "
                  + failed.failure.code()
                  + ". "
                  + RunView.nextStep(runId, failed.failure.code()));
          return ExitCodes.forErrorCode(failed.failure.code());
        }
        if (now.isAfter(deadline)) {
          RunView.summary(run, out, now);
          out.println(
              "Stopped following after "
                  + timeout
                  + "; the run goes on: ckan-migrate status "
                  + runId);
          return ExitCodes.TIMEOUT;
        }
      }
    }
  }
}
