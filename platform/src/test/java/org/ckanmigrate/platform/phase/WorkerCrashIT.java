package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker in a separate JVM, really killed (SIGKILL) or frozen (SIGSTOP) mid-phase, and a second
 * instance in this JVM that must resume or fail the job per policy and never let the first one
 * overwrite the outcome.
 */
class WorkerCrashIT {

  private TestDatabase stateDb;
  private PhaseTestSupport support;
  private Process child;
  private Path childLog;
  private ConfigurableApplicationContext app;

  @BeforeEach
  void setUp() throws Exception {
    stateDb = PostgresServer.shared().createDatabase("crash_state");
    support = new PhaseTestSupport(stateDb);
    childLog = Files.createTempFile("phase-worker", ".log");
  }

  @AfterEach
  void tearDown() throws IOException {
    if (child != null && child.isAlive()) {
      signal("CONT");
      child.destroyForcibly();
    }
    if (app != null) {
      app.close();
    }
    stateDb.close();
    Files.deleteIfExists(childLog);
  }

  @Test
  void killedWorkerIsResumedByAnotherInstance() throws Exception {
    String runId = startChildAndRequest("RESUME", 60_000);
    awaitChildExecution(runId);
    child.destroyForcibly().waitFor();

    app = support.start(support.properties(200, "RESUME"));
    PhaseJobStore store = app.getBean(PhaseJobStore.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.job(runId, support.phase).orElseThrow().status() == JobStatus.SUCCEEDED);

    JobView job = store.job(runId, support.phase).orElseThrow();
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(job.owner()).isEqualTo(app.getBean(PhaseRunner.class).owner());
    assertThat(support.executions(runId)).isEqualTo(2);
    assertThat(support.sideEffects(runId)).containsExactly(2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !support.events(runId, EventType.LOAD_COMPLETED.wireName()).isEmpty());
    assertThat(support.events(runId, EventType.LOAD_COMPLETED.wireName())).hasSize(1);
  }

  @Test
  void killedWorkerIsFailedWhenItsPhaseSaysSo() throws Exception {
    String runId = startChildAndRequest("FAIL", 60_000);
    awaitChildExecution(runId);
    child.destroyForcibly().waitFor();

    app = support.start(support.properties(200, "FAIL"));
    PhaseJobStore store = app.getBean(PhaseJobStore.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.job(runId, support.phase).orElseThrow().status() == JobStatus.FAILED);

    JobView job = store.job(runId, support.phase).orElseThrow();
    assertThat(job.errorCode()).isEqualTo("INTERRUPTED");
    assertThat(support.executions(runId)).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !support.events(runId, EventType.PHASE_FAILED.wireName()).isEmpty());
    EventEnvelope failed = support.events(runId, EventType.PHASE_FAILED.wireName()).get(0);
    PhaseFailed payload = support.codec.payload(failed, PhaseFailed.class);
    assertThat(payload.code()).isEqualTo("INTERRUPTED");
    assertThat(payload.phase()).isEqualTo(support.phase);
    assertThat(support.events(runId, EventType.LOAD_COMPLETED.wireName())).isEmpty();
  }

  @Test
  void frozenWorkerThatLostItsLeaseCannotOverwriteTheOutcome() throws Exception {
    String runId = startChildAndRequest("RESUME", 8_000);
    awaitChildExecution(runId);
    signal("STOP");

    app = support.start(support.properties(200, "RESUME"));
    PhaseJobStore store = app.getBean(PhaseJobStore.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.job(runId, support.phase).orElseThrow().status() == JobStatus.SUCCEEDED);
    JobView taken = store.job(runId, support.phase).orElseThrow();
    assertThat(taken.attempt()).isEqualTo(2);

    signal("CONT");
    // The frozen worker wakes up, finds it no longer owns the job, and records nothing.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(childLog, StandardCharsets.UTF_8).contains("discarded"));
    JobView after = store.job(runId, support.phase).orElseThrow();
    // Its irreversible step is fenced: it woke with its sleep over and went for it at once, but
    // confirming its lease failed, so only the new owner's side effect happened.
    assertThat(support.sideEffects(runId)).containsExactly(2);
    assertThat(Files.readString(childLog, StandardCharsets.UTF_8))
        .contains("lost the lease on run " + runId);
    assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(after.attempt()).isEqualTo(2);
    assertThat(after.owner()).isEqualTo(taken.owner());
    assertThat(after.completionEvent()).isEqualTo(taken.completionEvent());
    Thread.sleep(1_000);
    assertThat(
            support.events(runId, EventType.LOAD_COMPLETED.wireName()).stream()
                .map(EventEnvelope::id)
                .distinct())
        .hasSize(1);
  }

  private String startChildAndRequest(String policy, long sleepMs) throws IOException {
    Map<String, String> props = support.properties(sleepMs, policy);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TestPhaseApplication.class.getName());
    props.forEach((k, v) -> command.add("--" + k + "=" + v));
    child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(childLog.toFile())
            .start();
    String runId = "run-" + UUID.randomUUID();
    // Published by a short-lived producer of this JVM, consumed by the child.
    try (var publisher =
        new StandaloneEventPublisher(KafkaBroker.shared().bootstrapServers(), support.codec)) {
      publisher.publish(
          Topics.EVENTS,
          support.codec.start(
              runId, new RunRequested(new RunSpec(null, null, null, null, null), support.phase)));
    }
    return runId;
  }

  private void awaitChildExecution(String runId) {
    await().atMost(Duration.ofSeconds(90)).until(() -> support.executions(runId) == 1);
  }

  private void signal(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
