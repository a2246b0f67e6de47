package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.cli.CkanMigrateCli;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard and alert rules against a real Prometheus scraping the real
 * services: a migration that succeeds and one that fails run through the one-machine stack, then
 * every query of every panel is evaluated through Prometheus's HTTP API and must return data, and
 * the phase-failed alert fires with the failure's code. (ComposeDashboardTest checks the names
 * statically; this checks that the queries mean something.) Skipped with a reason when the machine
 * has no {@code prometheus}.
 */
class DashboardQueriesIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static DemoStack stack;
  private static Path work;
  private static long startedAt;

  @BeforeAll
  static void startStack() throws Exception {
    if (PrometheusProcess.binary().isEmpty()) {
      System.out.println(
          "DashboardQueriesIT skipped: prometheus is not installed (apt-get install prometheus)");
      assumeTrue(false, "prometheus is not installed");
    }
    startedAt = System.currentTimeMillis();
    work = Files.createTempDirectory("ckan-migrate-dashboard");
    stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(200)
            .seed(5)
            .kafkaPort(FreePorts.consecutive(2))
            .firstServicePort(FreePorts.consecutive(4))
            .prometheus(FreePorts.consecutive(1), Duration.ofSeconds(1))
            .start(new PrintWriter(System.out, true));
    assertThat(stack.prometheus).as("the stack's Prometheus").isNotNull();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsDataAndAFailedPhaseFiresItsAlert() throws Exception {
    StringWriter out = new StringWriter();
    Path spec = DemoSpec.write(stack, work, "ckan_dashboard");
    assertThat(cli(out, "run", spec.toString(), "--kafka", stack.bootstrapServers()))
        .as(out.toString())
        .isZero();

    // A second run whose source host is unknown to known_hosts: the dump phase fails at once.
    Path noHosts = Files.writeString(work.resolve("empty_known_hosts"), "");
    Path failing =
        Files.writeString(
            work.resolve("failing.run-spec.yaml"),
            Files.readString(DemoSpec.write(stack, work, "ckan_dashboard_failed"))
                .replace(stack.knownHosts.toString(), noHosts.toString()));
    StringWriter failedOut = new StringWriter();
    assertThat(cli(failedOut, "run", failing.toString(), "--kafka", stack.bootstrapServers()))
        .as(failedOut.toString())
        .isNotZero();
    assertThat(failedOut.toString()).contains("HOST_KEY_UNKNOWN");

    // Let Prometheus scrape the services' final counters (1 s interval) a few times.
    Thread.sleep(4_000);
    String window = ((System.currentTimeMillis() - startedAt) / 1000 + 60) + "s";

    Map<String, String> queries = dashboardQueries();
    assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(15);
    Map<String, String> empty = new LinkedHashMap<>();
    for (var q : queries.entrySet()) {
      String expr = q.getValue().replace("$__rate_interval", window).replace("$__range", window);
      JsonNode answer = query(expr);
      assertThat(answer.path("status").asString())
          .as("%s: %s", q.getKey(), expr)
          .isEqualTo("success");
      if (answer.path("data").path("result").isEmpty()) {
        empty.put(q.getKey(), expr);
      }
    }
    assertThat(empty).as("dashboard queries (panel -> query) that returned no data").isEmpty();
    System.out.println(
        "DashboardQueriesIT: "
            + queries.size()
            + " dashboard queries evaluated, all returned data");

    // The numbers mean what the panels say.
    assertThat(value("sum(ckan_migration_runs_total{outcome=\"succeeded\"})"))
        .as("runs that succeeded")
        .isEqualTo(1);
    assertThat(value("sum(ckan_migration_runs_total{outcome=\"failed\"})"))
        .as("runs that failed")
        .isEqualTo(1);
    assertThat(
            value(
                "sum(ckan_migration_phase_failures_total{phase=\"dump\",code=\"HOST_KEY_UNKNOWN\"})"))
        .as("the failed dump, counted by its code")
        .isEqualTo(1);
    assertThat(value("sum(ckan_migration_index_documents_total)")).isPositive();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(alerts())
                    .as("alerts")
                    .anySatisfy(
                        a -> {
                          assertThat(a.path("labels").path("alertname").asString())
                              .isEqualTo("CkanMigrationPhaseFailed");
                          assertThat(a.path("labels").path("code").asString())
                              .isEqualTo("HOST_KEY_UNKNOWN");
                          assertThat(a.path("state").asString()).isEqualTo("firing");
                        }));
    assertThat(alerts())
        .as("no service is reported down, nothing stalled")
        .noneSatisfy(
            a ->
                assertThat(a.path("labels").path("alertname").asString())
                    .isIn("CkanMigrationServiceDown", "CkanMigrationPhaseStalled"));
  }

  /** Panel title (with the query's refId) -> PromQL, for every query of the shipped dashboard. */
  private static Map<String, String> dashboardQueries() throws Exception {
    JsonNode dashboard =
        JSON.readTree(
            Files.readString(
                stack.projectDir.resolve("docker/grafana/dashboards/ckan-migrate.json")));
    Map<String, String> queries = new LinkedHashMap<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      panel.path("panels").forEach(panels::add); // collapsed rows hold their panels
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            panel.path("title").asString() + " [" + target.path("refId").asString() + "]",
            target.path("expr").asString());
      }
    }
    return queries;
  }

  private static JsonNode query(String expr) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.prometheus.url()
                            + "/api/v1/query?query="
                            + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("Prometheus answer to %s: %s", expr, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static double value(String expr) throws Exception {
    JsonNode result = query(expr).path("data").path("result");
    assertThat(result).as(expr).isNotEmpty();
    return Double.parseDouble(result.get(0).path("value").get(1).asString());
  }

  private static List<JsonNode> alerts() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.prometheus.url() + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<JsonNode> alerts = new ArrayList<>();
    JSON.readTree(r.body()).path("data").path("alerts").forEach(alerts::add);
    return alerts;
  }

  private static int cli(StringWriter out, String... args) {
    CommandLine cmd = new CommandLine(new CkanMigrateCli());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    return cmd.execute(args);
  }
}
