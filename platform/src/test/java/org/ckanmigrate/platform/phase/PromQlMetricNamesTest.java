package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void findsSelectorsInsideFunctionsAndAggregations() {
    assertThat(
            PromQlMetricNames.of(
                "histogram_quantile(0.9, sum by (le, phase)"
                    + " (rate(ckan_migration_phase_duration_seconds_bucket[$__rate_interval])))"))
        .containsExactly("ckan_migration_phase_duration_seconds_bucket");
  }

  @Test
  void ignoresLabelsStringsNumbersVariablesAndKeywords() {
    assertThat(
            PromQlMetricNames.of(
                "sum by (application, instance) (jvm_memory_used_bytes{area=\"heap\", id=~\"G1.*\"})"
                    + " / on (instance) group_left (application) jvm_memory_max_bytes offset 5m"
                    + " > bool 1e6 and ${threshold} unless x_total{job='a b'}[1h]"))
        .containsExactlyInAnyOrder("jvm_memory_used_bytes", "jvm_memory_max_bytes", "x_total");
  }

  @Test
  void groupingAfterTheAggregationIsNotAMetric() {
    assertThat(PromQlMetricNames.of("sum(rate(a_total[5m])) without (instance) / 1e6"))
        .containsExactly("a_total");
  }
}
