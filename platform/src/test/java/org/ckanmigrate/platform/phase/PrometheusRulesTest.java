package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped alert rules ({@code docker/prometheus/alerts.yml}): every series they query is one
 * the services export, and Prometheus's own {@code promtool} accepts the configuration and the
 * rules and passes the rules' unit tests ({@code alerts.test.yml}: each alert fires on the series
 * that should fire it and stays quiet beside it). Without promtool those checks are skipped with a
 * one-line reason.
 */
class PrometheusRulesTest {

  private static final Path DIR = ComposeDashboardTest.projectDir().resolve("docker/prometheus");

  @Test
  void everyAlertQueriesOnlySeriesTheServicesOrPrometheusExport() throws IOException {
    Set<String> exported = new TreeSet<>();
    exported.addAll(ExportedMetricNames.ofPhaseMetrics());
    exported.addAll(
        ExportedMetricNames.of(
            ExportedMetricNames.declaredInSources(ComposeDashboardTest.projectDir())));
    exported.addAll(ExportedMetricNames.ofKafkaConsumer());
    exported.add("up"); // Prometheus's own per-target series

    Map<String, String> unknown = new TreeMap<>();
    for (Map<String, Object> rule : rules()) {
      for (String name : PromQlMetricNames.of((String) rule.get("expr"))) {
        if (!exported.contains(name)) {
          unknown.put(name, (String) rule.get("alert"));
        }
      }
    }
    assertThat(rules()).as("alert rules").hasSizeGreaterThanOrEqualTo(5);
    assertThat(unknown).as("series (-> alert) that nothing exports").isEmpty();
  }

  @Test
  void alertsCoverWhatAnOperatorMustHear() throws IOException {
    assertThat(rules().stream().map(r -> (String) r.get("alert")))
        .contains(
            "CkanMigrationPhaseFailed",
            "CkanMigrationPhaseStalled",
            "CkanMigrationEventsDeadLettered",
            "CkanMigrationConsumerLagging",
            "CkanMigrationServiceDown");
    for (Map<String, Object> rule : rules()) {
      @SuppressWarnings("unchecked")
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      assertThat(annotations)
          .as("annotations of %s", rule.get("alert"))
          .containsKeys("summary", "description");
    }
  }

  @Test
  void promtoolAcceptsTheConfigurationAndTheRules() throws Exception {
    assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files");
    assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
  }

  @Test
  void alertRulesPassTheirUnitTests() throws Exception {
    assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws IOException {
    Map<String, Object> file = new Yaml().load(Files.readString(DIR.resolve("alerts.yml")));
    return ((List<Map<String, Object>>) file.get("groups"))
        .stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
  }

  /** Runs promtool in docker/prometheus; its output, after asserting it exited 0. */
  private static String promtool(String... args) throws Exception {
    boolean installed =
        Files.isExecutable(Path.of("/usr/bin/promtool"))
            || System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
    if (!installed) {
      System.out.println(
          "PrometheusRulesTest: promtool check skipped: promtool is not installed (apt-get install"
              + " prometheus)");
      assumeTrue(false, "promtool is not installed");
    }
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(p.exitValue()).as("promtool %s exit status; output:%n%s", args, out).isZero();
    return out;
  }
}
