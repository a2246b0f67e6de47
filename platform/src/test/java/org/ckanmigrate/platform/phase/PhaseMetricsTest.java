package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.ckanmigrate.contract.event.ErrorCode;
import org.junit.jupiter.api.Test;

class PhaseMetricsTest {

  @Test
  void durationBucketsSpanSecondsToDaysWithNeighboursAtMostThreeTimesApart() {
    Duration[] buckets = PhaseMetrics.PHASE_BUCKETS;
    assertThat(buckets[0]).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(buckets[buckets.length - 1]).isGreaterThanOrEqualTo(Duration.ofHours(24));
    for (int i = 1; i < buckets.length; i++) {
      double ratio = (double) buckets[i].toMillis() / buckets[i - 1].toMillis();
      assertThat(ratio)
          .as("%s after %s", buckets[i], buckets[i - 1])
          .isGreaterThan(1.0)
          .isLessThanOrEqualTo(3.0);
    }
  }

  @Test
  void failuresAreCountedByPhaseAndCodeAndProgressIsStamped() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PhaseMetrics metrics = new PhaseMetrics(registry);
    metrics.preRegister("load");
    assertThat(registry.get("ckan.migration.phase.last.progress").tag("phase", "load").timeGauge())
        .satisfies(g -> assertThat(g.value()).isZero());

    metrics.failure("load", ErrorCode.ROW_COUNT_MISMATCH);
    metrics.failure("load", ErrorCode.ROW_COUNT_MISMATCH);
    metrics.failure("load", ErrorCode.TARGET_BUSY);
    long before = System.currentTimeMillis();
    metrics.progressed("load");

    assertThat(
            registry
                .get("ckan.migration.phase.failures")
                .tags("phase", "load", "code", "ROW_COUNT_MISMATCH")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("ckan.migration.phase.failures")
                .tags("phase", "load", "code", "TARGET_BUSY")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("ckan.migration.phase.last.progress")
                .tag("phase", "load")
                .timeGauge()
                .value(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(before);
  }
}
