package org.ckanmigrate.platform.phase;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.RunRequested;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * A service with one slow phase, run in-process or as a separate JVM (so a test can really kill it
 * or freeze it with SIGSTOP).
 */
@SpringBootApplication
public class TestPhaseApplication {

  public static void main(String[] args) {
    SpringApplication.run(TestPhaseApplication.class, args);
  }

  @Bean
  SlowPhase slowPhase(
      @Value("${test.phase}") String phase,
      @Value("${test.sleep-ms:0}") long sleepMs,
      @Value("${test.policy:RESUME}") InterruptionPolicy policy,
      @Value("${test.failing-attempts:0}") int failingAttempts,
      @Value("${test.unexpected-secret:}") String unexpectedSecret,
      JdbcClient jdbc,
      ObjectProvider<PhaseRunner> runner) {
    SlowPhase slow = new SlowPhase(phase, sleepMs, policy, failingAttempts, jdbc, runner);
    slow.unexpectedSecret = unexpectedSecret;
    return slow;
  }

  @Bean
  RevocationCounter revocationCounter() {
    return new RevocationCounter();
  }

  /**
   * Records each execution in {@code public.test_execution}, sleeps, then takes its fenced side
   * effect (a row in {@code public.test_side_effect}).
   */
  static final class SlowPhase implements PhaseHandler {
    private final String phase;
    private final long sleepMs;
    private final InterruptionPolicy policy;
    private final int failingAttempts;
    private final JdbcClient jdbc;
    private final ObjectProvider<PhaseRunner> runner;

    /** When set, failing attempts throw an unexpected exception (logged with its stack trace). */
    String unexpectedSecret = "";

    SlowPhase(
        String phase,
        long sleepMs,
        InterruptionPolicy policy,
        int failingAttempts,
        JdbcClient jdbc,
        ObjectProvider<PhaseRunner> runner) {
      this.phase = phase;
      this.sleepMs = sleepMs;
      this.policy = policy;
      this.failingAttempts = failingAttempts;
      this.jdbc = jdbc;
      this.runner = runner;
    }

    @Override
    public String phase() {
      return phase;
    }

    @Override
    public boolean triggeredBy(EventType type, Object payload) {
      return type == EventType.RUN_REQUESTED && ((RunRequested) payload).starts(phase);
    }

    @Override
    public InterruptionPolicy interruptionPolicy() {
      return policy;
    }

    @Override
    public Object run(PhaseExecution execution) throws Exception {
      jdbc.sql("INSERT INTO public.test_execution (run_id, attempt, owner) VALUES (?, ?, ?)")
          .params(execution.runId(), execution.attempt(), runner.getObject().owner())
          .update();
      if (execution.attempt() <= failingAttempts && !unexpectedSecret.isEmpty()) {
        throw new IllegalStateException(
            "cannot reach postgresql://ckan:" + unexpectedSecret + "@db/ckan",
            new java.sql.SQLException("password=" + unexpectedSecret + " was refused"));
      }
      if (execution.attempt() <= failingAttempts) {
        throw new PhaseFailureException(
            ErrorCode.TARGET_UNAVAILABLE,
            "attempt " + execution.attempt() + " fails; password=hunter2",
            java.util.Map.of(
                "attempt", Integer.toString(execution.attempt()), "dsn", "password=hunter2"),
            null);
      }
      long end = System.currentTimeMillis() + sleepMs;
      while (System.currentTimeMillis() < end) {
        execution.progress(System.currentTimeMillis() - (end - sleepMs), sleepMs, "ms");
        Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
      }
      // An irreversible step (like the load's swap): only the job's owner may take it.
      execution.confirmLease("the test's side effect");
      jdbc.sql("INSERT INTO public.test_side_effect (run_id, attempt, owner) VALUES (?, ?, ?)")
          .params(execution.runId(), execution.attempt(), runner.getObject().owner())
          .update();
      return new LoadCompleted("db", 1, 2, 3, java.util.Map.of("data", 4L), 1, true);
    }
  }

  /** Counts real revocations: a phase blocking the poll loop would cause them. */
  static final class RevocationCounter implements ConsumerAwareRebalanceListener {
    final AtomicInteger revoked = new AtomicInteger();
    final AtomicInteger assigned = new AtomicInteger();

    @Override
    public void onPartitionsRevokedBeforeCommit(
        Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        revoked.incrementAndGet();
      }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> parts) {
      if (!parts.isEmpty()) {
        assigned.incrementAndGet();
      }
    }
  }
}
