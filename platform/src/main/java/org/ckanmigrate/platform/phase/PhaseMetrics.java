package org.ckanmigrate.platform.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * The baseline meters of every service. Tags stay bounded (phase, outcome, consumer): the run id
 * goes to logs (MDC), never to a tag.
 */
public class PhaseMetrics {

  /**
   * Phases last seconds (a resumed phase that finds its work done, a small catalogue) to many hours
   * (a national portal's dump over a slow link): buckets about 2-3x apart over that whole range, so
   * a p90 is read between neighbouring bounds rather than guessed across a decade.
   */
  static final Duration[] PHASE_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(20),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4),
    Duration.ofHours(8),
    Duration.ofHours(12),
    Duration.ofHours(24),
    Duration.ofHours(48)
  };

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lastProgress = new ConcurrentHashMap<>();

  public PhaseMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers a phase's meters at zero, so dashboards and alerts see a series (and a rate of 0)
   * before the first run instead of "no data".
   */
  void preRegister(String phase) {
    for (String outcome : new String[] {"succeeded", "failed"}) {
      duration(phase, outcome);
      runs(outcome);
    }
    active(phase);
    duplicates(phase);
    staleResults(phase);
    lastProgress(phase);
  }

  Timer duration(String phase, String outcome) {
    return Timer.builder("ckan.migration.phase.duration")
        .description("Wall time of completed phases")
        .tag("phase", phase)
        .tag("outcome", outcome)
        .serviceLevelObjectives(PHASE_BUCKETS)
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(48))
        .register(registry);
  }

  LongTaskTimer active(String phase) {
    return LongTaskTimer.builder("ckan.migration.phase.active")
        .description("Phases running now, and for how long")
        .tag("phase", phase)
        .register(registry);
  }

  void run(String outcome) {
    runs(outcome).increment();
  }

  private Counter runs(String outcome) {
    return Counter.builder("ckan.migration.runs")
        .description("Migration runs ended, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void duplicate(String consumer) {
    duplicates(consumer).increment();
  }

  private Counter duplicates(String consumer) {
    return Counter.builder("ckan.migration.events.duplicates")
        .description("Events received again after they were processed (redeliveries, re-sends)")
        .tag("consumer", consumer)
        .register(registry);
  }

  /**
   * Marks that a phase's work advanced now (it started, or its progress changed). An alert compares
   * this with {@code time()} while the phase is active: a phase that runs but no longer moves is a
   * stall an operator should look at, whatever the phase's own unit of work.
   */
  void progressed(String phase) {
    lastProgress(phase).set(System.currentTimeMillis());
  }

  private AtomicLong lastProgress(String phase) {
    return lastProgress.computeIfAbsent(
        phase,
        p -> {
          AtomicLong millis = new AtomicLong();
          TimeGauge.builder(
                  "ckan.migration.phase.last.progress",
                  millis,
                  TimeUnit.MILLISECONDS,
                  AtomicLong::doubleValue)
              .description("When a phase's work last advanced (Unix time; 0 before the first run)")
              .tag("phase", p)
              .register(registry);
          return millis;
        });
  }

  void staleResult(String phase) {
    staleResults(phase).increment();
  }

  private Counter staleResults(String phase) {
    return Counter.builder("ckan.migration.phase.stale.results")
        .description("Phase outcomes discarded because their worker had lost its lease")
        .tag("phase", phase)
        .register(registry);
  }

  /**
   * A phase that ended in {@code phase-failed}, by its error code (a closed set, so the tag stays
   * bounded): what an alert fires on and what the dashboard breaks down.
   */
  void failure(String phase, ErrorCode code) {
    Counter.builder("ckan.migration.phase.failures")
        .description("Phases that failed, by error code")
        .tag("phase", phase)
        .tag("code", code.name())
        .register(registry)
        .increment();
  }
}
