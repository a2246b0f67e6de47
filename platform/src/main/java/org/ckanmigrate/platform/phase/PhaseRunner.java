package org.ckanmigrate.platform.phase;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.PhaseProgressed;
import org.ckanmigrate.contract.event.RunCompleted;
import org.ckanmigrate.contract.event.RunRejected;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.platform.concurrent.DaemonThreads;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a service's phases exactly once in effect over an at-least-once event stream.
 *
 * <ul>
 *   <li>Accepting a trigger writes the inbox row and the job row in one transaction; a duplicate
 *       event finds its inbox row and changes nothing (a finished job's outcome is re-emitted).
 *   <li>Work runs on a worker pool, never on the listener thread, so a phase may outlive {@code
 *       max.poll.interval.ms} without a rebalance.
 *   <li>A worker owns its job through a lease it renews; every outcome is a compare-and-set on
 *       (owner, attempt), so a stale worker that lost its lease cannot record anything.
 *   <li>Outcomes and their events are committed together (outbox), then published.
 *   <li>An expired lease means the worker died: the job is resumed or failed per its phase's {@link
 *       InterruptionPolicy}.
 * </ul>
 */
public class PhaseRunner implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(PhaseRunner.class);

  private final List<PhaseHandler> handlers;
  private final PhaseJobStore store;
  private final OutboxRelay outbox;
  private final EventPublisher publisher;
  private final EventCodec codec;
  private final TransactionTemplate tx;
  private final PhaseProperties properties;
  private final PhaseMetrics metrics;
  private final String owner;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public PhaseRunner(
      List<PhaseHandler> handlers,
      PhaseJobStore store,
      OutboxRelay outbox,
      EventPublisher publisher,
      EventCodec codec,
      TransactionTemplate tx,
      PhaseProperties properties,
      PhaseMetrics metrics) {
    this.handlers = List.copyOf(handlers);
    this.store = store;
    this.outbox = outbox;
    this.publisher = publisher;
    this.codec = codec;
    this.tx = tx;
    this.properties = properties;
    this.metrics = metrics;
    handlers.forEach(h -> metrics.preRegister(h.phase()));
    this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    this.workers =
        Executors.newFixedThreadPool(properties.workers(), DaemonThreads.named("phase-worker-"));
    this.scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("phase-scheduler-"));
  }

  /** Starts recovery and the outbox relay; called once the application is ready. */
  public void start() {
    scheduler.scheduleWithFixedDelay(
        this::recover, 0, properties.recoveryInterval().toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        outbox::flush, 0, properties.outboxInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The identity this instance records as a job's owner. */
  public String owner() {
    return owner;
  }

  /**
   * Takes one event from the stream. Called on the listener thread: only quick database work
   * happens here.
   */
  public void accept(EventEnvelope event, EventType type, Object payload) {
    if (type == EventType.RUN_REQUESTED) {
      RunRequested requested = (RunRequested) payload;
      String spec = codec.mapper().writeValueAsString(requested.spec());
      if (!store.recordRunSpec(
          event.subject(), event.correlationid(), spec, requested.startPhase())) {
        String recorded = store.runSpec(event.subject()).orElse(null);
        if (recorded != null
            && !codec.mapper().readTree(recorded).equals(codec.mapper().readTree(spec))) {
          reject(event);
          return;
        }
      }
    }
    for (PhaseHandler handler : handlers) {
      if (handler.triggeredBy(type, payload)) {
        acceptFor(handler, event);
      }
    }
  }

  /**
   * Refuses a request that reuses a run id with a different spec ({@code RUN_ID_CONFLICT}): running
   * it would mix two runs' inputs under one id. The recorded run is left as it is; the refusal is
   * published once per service (the inbox keeps redeliveries quiet).
   */
  private void reject(EventEnvelope event) {
    String runId = event.subject();
    String message =
        "Run "
            + runId
            + " was requested before with a different run spec, and a run's identity is its spec:"
            + " nothing of this request was started. Start a new run (another run id) for the new"
            + " spec, or resume run "
            + runId
            + " (resume uses its recorded spec)";
    log.error("Refusing request {}: {}", event.id(), message);
    tx.executeWithoutResult(
        status -> {
          if (store.recordInbox("run-rejection", event.id(), event.type(), runId)) {
            EventEnvelope rejected =
                codec.follow(
                    event, new RunRejected(ErrorCode.RUN_ID_CONFLICT.name(), message, event.id()));
            store.enqueueOutbox(Topics.EVENTS, runId, rejected.id(), codec.toJson(rejected));
          }
        });
    outbox.flush();
  }

  private void acceptFor(PhaseHandler handler, EventEnvelope event) {
    String phase = handler.phase();
    String runId = event.subject();
    Boolean submit =
        tx.execute(
            status -> {
              if (!store.recordInbox(phase, event.id(), event.type(), runId)) {
                metrics.duplicate(phase);
                log.info("Event {} already processed by {}; ignored", event.id(), phase);
                store.job(runId, phase).ifPresent(this::reemitOutcome);
                return false;
              }
              Optional<JobView> job = store.lockJob(runId, phase);
              String trigger = codec.toJson(event);
              if (job.isEmpty()) {
                store.insertRequested(runId, phase, trigger);
                return true;
              }
              switch (job.get().status()) {
                case FAILED -> {
                  log.info("Run {}: {} failed before; requested again", runId, phase);
                  store.rerequest(runId, phase);
                  return true;
                }
                case SUCCEEDED -> {
                  metrics.duplicate(phase);
                  reemitOutcome(job.get());
                  return false;
                }
                default -> {
                  metrics.duplicate(phase);
                  log.info("Run {}: {} is already {}", runId, phase, job.get().status());
                  return false;
                }
              }
            });
    if (Boolean.TRUE.equals(submit)) {
      submit(handler, runId);
    }
    outbox.flush();
  }

  /**
   * A valid trigger could not be accepted because the state database stayed unreachable past the
   * outage budget: each phase it would have started gets a {@code STATE_DB_UNAVAILABLE} failure,
   * published straight to the broker (the outbox lives in the unreachable database), so the run
   * says why it stopped and {@code resume} requests the phase again once the database is back.
   */
  void recoverOutage(
      org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception cause) {
    if (!(record.value() instanceof EventEnvelope event)) {
      return;
    }
    EventType type;
    Object payload;
    try {
      type = codec.typeOf(event);
      payload = codec.payload(event);
    } catch (RuntimeException e) {
      return; // not a valid trigger: dead-lettered as such
    }
    for (PhaseHandler handler : handlers) {
      if (!handler.triggeredBy(type, payload)) {
        continue;
      }
      String message =
          "The "
              + handler.phase()
              + " service's state database was unreachable for longer than the outage budget"
              + " (ckan-migrate.kafka.outage-budget), so the phase could not start: "
              + Scrubber.scrub(String.valueOf(rootMessage(cause)))
              + ". Bring the state database back, then: ckan-migrate resume "
              + event.subject();
      log.error("Run {}: {}", event.subject(), message);
      try {
        publisher.publish(
            Topics.EVENTS,
            codec.follow(
                event,
                new PhaseFailed(
                    handler.phase(), ErrorCode.STATE_DB_UNAVAILABLE.name(), message, 0)));
        metrics.failure(handler.phase(), ErrorCode.STATE_DB_UNAVAILABLE);
      } catch (RuntimeException e) {
        log.error(
            "Run {}: could not publish the {} failure either: {}",
            event.subject(),
            handler.phase(),
            e.getMessage());
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Re-sends a finished job's outcome event; harmless downstream thanks to the inbox. */
  private void reemitOutcome(JobView job) {
    if (job.status() == JobStatus.SUCCEEDED && job.completionEvent() != null) {
      EventEnvelope completion = codec.fromJson(job.completionEvent());
      store.enqueueOutbox(Topics.EVENTS, job.runId(), completion.id(), job.completionEvent());
    }
  }

  private void submit(PhaseHandler handler, String runId) {
    String key = runId + "/" + handler.phase();
    if (stopping || !queued.add(key)) {
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              execute(handler, runId);
            } finally {
              queued.remove(key);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      queued.remove(key);
    }
  }

  private void execute(PhaseHandler handler, String runId) {
    String phase = handler.phase();
    Optional<PhaseJobStore.Claim> claimed = store.claim(runId, phase, owner, properties.lease());
    if (claimed.isEmpty()) {
      return;
    }
    int attempt = claimed.get().attempt();
    EventEnvelope trigger = codec.fromJson(claimed.get().triggerJson());
    RunSpec spec =
        store
            .runSpec(runId)
            .map(json -> codec.mapper().readValue(json, RunSpec.class))
            .orElse(null);
    PhaseExecution execution =
        new PhaseExecution(
            runId,
            phase,
            attempt,
            trigger,
            spec,
            codec,
            Thread.currentThread(),
            () -> store.confirmLease(runId, phase, owner, attempt, properties.lease()),
            (topic, key, event) ->
                store.enqueueOutbox(topic, key, event.id(), codec.toJson(event)));
    MDC.put("runId", runId);
    MDC.put("phase", phase);
    MDC.put("correlationId", trigger.correlationid());
    LongTaskTimer.Sample active = metrics.active(phase).start();
    metrics.progressed(phase);
    Timer.Sample timer = Timer.start();
    ScheduledFuture<?> heartbeat =
        scheduler.scheduleWithFixedDelay(
            () -> heartbeat(execution),
            properties.heartbeat().toMillis(),
            properties.heartbeat().toMillis(),
            TimeUnit.MILLISECONDS);
    ScheduledFuture<?> progress =
        scheduler.scheduleWithFixedDelay(
            new ProgressPublisher(execution),
            properties.progressInterval().toMillis(),
            properties.progressInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    log.info("Run {}: {} started (attempt {})", runId, phase, attempt);
    String outcome = "failed";
    try {
      Object result = handler.run(execution);
      heartbeat.cancel(false);
      if (execution.isCancelled()) {
        discard(execution, "finished after losing its lease");
        outcome = "discarded";
      } else if (recordSuccess(handler, execution, result)) {
        outcome = "succeeded";
      } else {
        outcome = "discarded";
      }
    } catch (PhaseFailureException e) {
      heartbeat.cancel(false);
      recordFailure(execution, e.code(), e.getMessage(), e.details());
    } catch (Exception | Error e) {
      heartbeat.cancel(false);
      if (stopping) {
        // Like a crash: leave the job RUNNING; its lease expires and the policy decides.
        log.warn("Run {}: {} interrupted by shutdown; another start will recover it", runId, phase);
        outcome = "interrupted";
      } else if (execution.isCancelled()) {
        discard(execution, "stopped: " + execution.cancelledBecause());
        outcome = "discarded";
      } else {
        log.error("Run {}: {} failed unexpectedly", runId, phase, e);
        recordFailure(
            execution,
            ErrorCode.INTERNAL_ERROR,
            Scrubber.scrub(e.getClass().getSimpleName() + ": " + e.getMessage())
                + " (see the service log; resume the run after fixing the cause)",
            Map.of());
      }
    } finally {
      heartbeat.cancel(false);
      progress.cancel(false);
      active.stop();
      timer.stop(metrics.duration(phase, outcome));
      MDC.remove("runId");
      MDC.remove("phase");
      MDC.remove("correlationId");
      Thread.interrupted(); // a lease-loss interrupt must not leak into the next job
    }
    outbox.flush();
  }

  /** Publishes a running phase's progress when it changed; best effort, never blocks the work. */
  private final class ProgressPublisher implements Runnable {
    private final PhaseExecution execution;
    private PhaseExecution.Progress last;
    private PhaseExecution.Progress seen;

    ProgressPublisher(PhaseExecution execution) {
      this.execution = execution;
    }

    @Override
    public void run() {
      PhaseExecution.Progress now = execution.latestProgress();
      if (now != null && !now.equals(seen)) {
        seen = now;
        metrics.progressed(execution.phase());
      }
      if (now == null || now.equals(last) || execution.isCancelled()) {
        return;
      }
      try {
        publisher.publish(
            Topics.PROGRESS,
            codec.follow(
                execution.trigger(),
                new PhaseProgressed(
                    execution.phase(), execution.attempt(), now.done(), now.total(), now.unit())));
        last = now;
      } catch (RuntimeException e) {
        log.debug("Progress of {} not published: {}", execution.phase(), e.getMessage());
      }
    }
  }

  private void heartbeat(PhaseExecution execution) {
    try {
      var p = execution.latestProgress();
      boolean owned =
          store.heartbeat(
              execution.runId(),
              execution.phase(),
              owner,
              execution.attempt(),
              properties.lease(),
              p == null ? null : p.done(),
              p == null ? null : p.total(),
              p == null ? null : p.unit());
      if (!owned) {
        log.warn(
            "Run {}: {} lost its lease (another worker took over); stopping this worker",
            execution.runId(),
            execution.phase());
        execution.cancel("lost the lease on run " + execution.runId() + " " + execution.phase());
      } else {
        execution.leaseRenewed();
      }
    } catch (RuntimeException e) {
      // The state database may be briefly away; the lease gives it time to come back. Once the
      // lease has run out unrenewed, another instance may take the job over: stop, do not race it.
      if (execution.sinceLeaseRenewed().compareTo(properties.lease()) >= 0) {
        log.warn(
            "Run {}: {} could not renew its lease for {} (state database: {}); stopping this"
                + " worker so that the job's owner is never in doubt",
            execution.runId(),
            execution.phase(),
            execution.sinceLeaseRenewed(),
            Scrubber.scrub(String.valueOf(e.getMessage())));
        execution.cancel(
            "could not renew the lease on run "
                + execution.runId()
                + " "
                + execution.phase()
                + " (state database unreachable)");
      } else {
        log.warn(
            "Heartbeat of {} {} failed: {}",
            execution.runId(),
            execution.phase(),
            Scrubber.scrub(String.valueOf(e.getMessage())));
      }
    }
  }

  private boolean recordSuccess(PhaseHandler handler, PhaseExecution execution, Object result) {
    EventEnvelope completion = codec.follow(execution.trigger(), result);
    Boolean recorded =
        tx.execute(
            status -> {
              String json = codec.toJson(completion);
              if (!store.succeed(
                  execution.runId(), execution.phase(), owner, execution.attempt(), json)) {
                return false;
              }
              store.enqueueOutbox(Topics.EVENTS, execution.runId(), completion.id(), json);
              if (handler.completesRun()) {
                EventEnvelope done = codec.follow(completion, new RunCompleted(execution.phase()));
                store.enqueueOutbox(
                    Topics.EVENTS, execution.runId(), done.id(), codec.toJson(done));
              }
              return true;
            });
    if (Boolean.TRUE.equals(recorded)) {
      log.info("Run {}: {} succeeded", execution.runId(), execution.phase());
      if (handler.completesRun()) {
        metrics.run("succeeded");
      }
      return true;
    }
    discard(execution, "could not record success: the job is no longer this worker's");
    return false;
  }

  private void recordFailure(
      PhaseExecution execution, ErrorCode code, String message, Map<String, String> details) {
    String safe = Scrubber.scrub(message);
    Map<String, String> safeDetails = new java.util.TreeMap<>();
    details.forEach((k, v) -> safeDetails.put(k, v == null ? "" : Scrubber.scrub(v)));
    EventEnvelope failed =
        codec.follow(
            execution.trigger(),
            new PhaseFailed(
                execution.phase(), code.name(), safe, execution.attempt(), safeDetails));
    Boolean recorded =
        tx.execute(
            status -> {
              String json = codec.toJson(failed);
              if (!store.fail(
                  execution.runId(),
                  execution.phase(),
                  owner,
                  execution.attempt(),
                  code.name(),
                  safe,
                  json)) {
                return false;
              }
              store.enqueueOutbox(Topics.EVENTS, execution.runId(), failed.id(), json);
              return true;
            });
    if (Boolean.TRUE.equals(recorded)) {
      log.error("Run {}: {} failed with {}: {}", execution.runId(), execution.phase(), code, safe);
      metrics.run("failed");
      metrics.failure(execution.phase(), code);
    } else {
      discard(
          execution, "could not record failure " + code + ": the job is no longer this worker's");
    }
  }

  private void discard(PhaseExecution execution, String why) {
    metrics.staleResult(execution.phase());
    log.warn(
        "Run {}: {} attempt {} {}; its outcome is discarded",
        execution.runId(),
        execution.phase(),
        execution.attempt(),
        why);
  }

  /** Resumes or fails jobs whose worker vanished, and picks up accepted jobs nobody runs. */
  void recover() {
    if (stopping) {
      return;
    }
    for (PhaseHandler handler : handlers) {
      try {
        for (JobView job : store.expired(handler.phase())) {
          recoverExpired(handler, job);
        }
        for (JobView job : store.requested(handler.phase())) {
          submit(handler, job.runId());
        }
      } catch (RuntimeException e) {
        log.warn("Recovery of {} jobs failed, will retry: {}", handler.phase(), e.getMessage());
      }
    }
    outbox.flush();
  }

  private void recoverExpired(PhaseHandler handler, JobView job) {
    if (handler.interruptionPolicy() == InterruptionPolicy.RESUME) {
      if (store.releaseExpired(job.runId(), job.phase(), job.attempt())) {
        log.warn(
            "Run {}: {} attempt {} lost its worker ({}); resuming",
            job.runId(),
            job.phase(),
            job.attempt(),
            job.owner());
        submit(handler, job.runId());
      }
      return;
    }
    String message =
        "The worker running "
            + job.phase()
            + " (attempt "
            + job.attempt()
            + ") stopped without finishing; resume the run to try again";
    tx.executeWithoutResult(
        status -> {
          PhaseFailed payload =
              new PhaseFailed(job.phase(), ErrorCode.INTERRUPTED.name(), message, job.attempt());
          EventEnvelope failed =
              store
                  .triggerEvent(job.runId(), job.phase())
                  .map(trigger -> codec.follow(codec.fromJson(trigger), payload))
                  .orElseGet(() -> codec.start(job.runId(), payload));
          String json = codec.toJson(failed);
          if (store.failExpired(job.runId(), job.phase(), job.attempt(), message, json)) {
            store.enqueueOutbox(Topics.EVENTS, job.runId(), failed.id(), json);
            metrics.run("failed");
            metrics.failure(job.phase(), ErrorCode.INTERRUPTED);
            log.error("Run {}: {} INTERRUPTED: {}", job.runId(), job.phase(), message);
          }
        });
  }

  @Override
  public void destroy() {
    stopping = true;
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
