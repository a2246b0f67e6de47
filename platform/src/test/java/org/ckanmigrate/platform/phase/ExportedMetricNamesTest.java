package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportedMetricNamesTest {

  @TempDir Path project;

  @Test
  void declaredMetersGetMicrometersPrometheusNamesWithTheirBaseUnits() throws IOException {
    source(
        "dump-service",
        "MeterNames.java",
        """
        class MeterNames {
          static final String TRANSFERRED = "ckan.migration.dump.transferred";
        }
        """);
    source(
        "dump-service",
        "DumpMetrics.java",
        """
        class DumpMetrics {
          void register(MeterRegistry registry) {
            Counter.builder(MeterNames.TRANSFERRED)
                .description("bytes")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
            Gauge.builder("ckan.migration.index.batches.remaining", this, m -> 1.0)
                .register(registry);
            LongTaskTimer.builder("ckan.migration.load.active").register(registry);
          }
        }
        """);

    assertThat(ExportedMetricNames.of(ExportedMetricNames.declaredInSources(project)))
        .contains(
            "ckan_migration_dump_transferred_bytes_total",
            "ckan_migration_index_batches_remaining",
            "ckan_migration_load_active_seconds_count")
        .doesNotContain("ckan_migration_dump_transferred_total");
  }

  @Test
  void meterNameOutsideARecognisedBuilderFailsTheScanInsteadOfBeingSkipped() throws IOException {
    source(
        "load-service",
        "LoadMetrics.java",
        """
        class LoadMetrics {
          void register(MeterRegistry registry) {
            registry.counter("ckan.migration.load.rows");
          }
        }
        """);

    assertThatThrownBy(() -> ExportedMetricNames.declaredInSources(project))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ckan.migration.load.rows in load-service");
  }

  private void source(String module, String file, String code) throws IOException {
    Path dir = Files.createDirectories(project.resolve(module).resolve("src/main/java/x"));
    Files.writeString(dir.resolve(file), code);
  }
}
