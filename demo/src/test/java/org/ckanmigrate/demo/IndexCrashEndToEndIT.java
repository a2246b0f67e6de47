package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The index-service killed right after its final Solr commit and stale-document removal, before the
 * phase is recorded done (crash point {@code index.finish.done}, armed once in that process's JVM):
 * restarted with the same settings, it resumes the job, finishes again without indexing anything
 * twice, and the run completes with one index-completed event and Solr matching the target.
 */
class IndexCrashEndToEndIT {

  private static DemoStack stack;
  private static Path work;
  private static Path fired;

  @BeforeAll
  static void startStack() throws Exception {
    work = Files.createTempDirectory("ckan-migrate-e2e-index-crash");
    fired = work.resolve("index-crash-fired");
    stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(200)
            .seed(9)
            .kafkaPort(FreePorts.consecutive(2))
            .firstServicePort(FreePorts.consecutive(4))
            .lease("6s")
            .serviceEnvironment(
                "index-service",
                "JAVA_TOOL_OPTIONS",
                "-D"
                    + CrashPoints.PROPERTY
                    + "=index.finish.done -D"
                    + CrashPoints.ONCE_PROPERTY
                    + "="
                    + fired)
            .start(new PrintWriter(System.out, true));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
  void indexServiceKilledAfterItsFinalCommitResumesAndTheRunCompletesOnce() throws Exception {
    Path spec = DemoSpec.write(stack, work, "ckan_index_crash");
    StringWriter out = new StringWriter();
    assertThat(
            EndToEnd.cli(
                out,
                "run",
                spec.toString(),
                "--run-id",
                "index-crash",
                "--detach",
                "--kafka",
                stack.bootstrapServers()))
        .as(out.toString())
        .isZero();

    ServiceProcess index = stack.service("index-service");
    await().atMost(Duration.ofMinutes(5)).until(() -> !index.isAlive());
    assertThat(index.exitStatus()).isEqualTo(CrashPoints.EXIT_STATUS);
    assertThat(fired).exists();
    long inSolr = EndToEnd.solrCount(stack, "default", "*:*");
    List<EventEnvelope> before = EndToEnd.events(stack, "index-crash");
    assertThat(EndToEnd.ids(before, EventType.INDEX_COMPLETED)).as("before the restart").isEmpty();

    index.restart();
    index.awaitHealthy(Duration.ofMinutes(2));

    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                !EndToEnd.ids(EndToEnd.events(stack, "index-crash"), EventType.RUN_COMPLETED)
                    .isEmpty());
    List<EventEnvelope> events = EndToEnd.events(stack, "index-crash");
    assertThat(EndToEnd.ids(events, EventType.INDEX_COMPLETED)).hasSize(1);
    assertThat(EndToEnd.ids(events, EventType.PHASE_FAILED)).isEmpty();
    IndexCompleted completed =
        EndToEnd.payload(events, EventType.INDEX_COMPLETED, IndexCompleted.class);
    long expected =
        EndToEnd.single(
            stack, "ckan_index_crash", "SELECT count(*) FROM package WHERE state <> 'deleted'");
    assertThat(completed.verified()).isTrue();
    assertThat(completed.indexed()).isEqualTo(expected);
    assertThat(inSolr).as("Solr held every document when the service died").isEqualTo(expected);
    assertThat(EndToEnd.solrCount(stack, "default", "*:*")).isEqualTo(expected);
    long attempt =
        EndToEnd.single(
            stack,
            stack.stateDbs.get("index-service").name(),
            "SELECT attempt FROM ckan_migrate_state.phase_job WHERE run_id = 'index-crash'"
                + " AND phase = 'index'");
    assertThat(attempt).as("the index phase ran again after the crash").isEqualTo(2);
  }
}
