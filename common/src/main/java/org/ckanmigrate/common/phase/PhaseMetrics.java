package org.ckanmigrate.common.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The baseline meters of every service. Tags stay bounded (phase, outcome, consumer): the run id
 * goes to logs (MDC), never to a tag.
 */
public class PhaseMetrics {

  /** Phases last minutes to hours: the default histogram range (up to 30 s) would be useless. */
  static final Duration[] PHASE_BUCKETS = {
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4),
    Duration.ofHours(8),
    Duration.ofHours(12)
  };

  private final MeterRegistry registry;

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
  }

  Timer duration(String phase, String outcome) {
    return Timer.builder("ckan.migration.phase.duration")
        .description("Wall time of completed phases")
        .tag("phase", phase)
        .tag("outcome", outcome)
        .serviceLevelObjectives(PHASE_BUCKETS)
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofHours(24))
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

  void staleResult(String phase) {
    Counter.builder("ckan.migration.phase.stale.results")
        .description("Phase outcomes discarded because their worker had lost its lease")
        .tag("phase", phase)
        .register(registry)
        .increment();
  }
}
