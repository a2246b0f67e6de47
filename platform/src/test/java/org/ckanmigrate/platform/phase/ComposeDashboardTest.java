package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose stack's Grafana dashboard and Prometheus configuration against what the services
 * really export. It reads the files under {@code docker/} of the checkout (system property {@code
 * ckan.project.dir}, set by the build) and derives the exported names from the code ({@link
 * ExportedMetricNames}), so renaming a meter without the dashboard, or the reverse, fails here.
 */
class ComposeDashboardTest {

  private static final List<String> SERVICES =
      List.of("dump-service", "load-service", "schema-service", "index-service");

  private static Path project;
  private static JsonNode dashboard;
  private static String datasourceUid;

  @BeforeAll
  static void readFiles() throws IOException {
    project = projectDir();
    dashboard =
        JsonMapper.builder()
            .build()
            .readTree(
                Files.readString(project.resolve("docker/grafana/dashboards/ckan-migrate.json")));
    Map<String, Object> provisioning =
        yaml("docker/grafana/provisioning/datasources/prometheus.yaml");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> datasources =
        (List<Map<String, Object>>) provisioning.get("datasources");
    assertThat(datasources).as("provisioned datasources").hasSize(1);
    datasourceUid = (String) datasources.get(0).get("uid");
    assertThat(datasourceUid).as("the provisioned datasource's fixed uid").isNotBlank();
  }

  @Test
  void everyPanelAndQueryUsesTheProvisionedDatasourceByUid() {
    List<JsonNode> queried = panelsWithTargets();
    assertThat(queried).as("panels with queries").isNotEmpty();
    for (JsonNode panel : queried) {
      String title = panel.path("title").asString();
      assertThat(panel.path("datasource").path("uid").asString())
          .as("datasource uid of panel '%s'", title)
          .isEqualTo(datasourceUid);
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asString())
            .as("datasource uid of query %s in panel '%s'", target.path("refId"), title)
            .isEqualTo(datasourceUid);
      }
    }
  }

  @Test
  void dashboardHasNoSharedExportPlaceholders() {
    // File provisioning never resolves an export's inputs: such a dashboard shows no data.
    List<String> placeholders = new ArrayList<>();
    findPlaceholders(dashboard, "$", placeholders);
    assertThat(placeholders).as("values holding a ${DS_...} placeholder").isEmpty();
    assertThat(dashboard.has("__inputs")).as("an export's __inputs section").isFalse();
  }

  @Test
  void everyMetricTheDashboardQueriesIsExportedByTheServices() {
    Set<String> exported = new TreeSet<>();
    exported.addAll(ExportedMetricNames.ofPhaseMetrics());
    exported.addAll(ExportedMetricNames.of(ExportedMetricNames.declaredInSources(project)));
    exported.addAll(ExportedMetricNames.ofKafkaConsumer());
    exported.addAll(ExportedMetricNames.ofJvmMemory());

    Map<String, String> unknown = new TreeMap<>();
    for (JsonNode panel : panelsWithTargets()) {
      for (JsonNode target : panel.path("targets")) {
        for (String name : PromQlMetricNames.of(target.path("expr").asString())) {
          if (!exported.contains(name)) {
            unknown.put(name, panel.path("title").asString());
          }
        }
      }
    }
    assertThat(unknown)
        .as("metrics queried by the dashboard (name -> panel) that no service exports")
        .isEmpty();
  }

  @Test
  void dashboardCoversTheMeasuresAnOperatorWatches() {
    Set<String> queried = new TreeSet<>();
    panelsWithTargets()
        .forEach(
            p ->
                p.path("targets")
                    .forEach(t -> queried.addAll(PromQlMetricNames.of(t.path("expr").asString()))));
    assertThat(queried)
        .contains(
            "ckan_migration_runs_total",
            "ckan_migration_phase_failures_total",
            "ckan_migration_phase_active_seconds_count",
            "ckan_migration_phase_duration_seconds_bucket",
            "ckan_migration_events_dead_lettered_total",
            "ckan_migration_dump_transferred_bytes_total",
            "ckan_migration_load_rows_total",
            "ckan_migration_index_documents_total",
            "ckan_migration_index_batches_remaining",
            "kafka_consumer_fetch_manager_records_lag_max",
            "jvm_memory_used_bytes");
  }

  @Test
  void sourceScanFindsTheMetersPhaseMetricsRegisters() {
    // The scanner stands in for meters the test cannot call; here it is checked against meters
    // it can: scanning PhaseMetrics must give exactly the series that exercising it gives.
    List<ExportedMetricNames.Declared> phaseMetrics =
        ExportedMetricNames.declaredInSources(project).stream()
            .filter(d -> d.where().endsWith("platform/phase/PhaseMetrics.java"))
            .toList();
    assertThat(ExportedMetricNames.of(phaseMetrics))
        .isEqualTo(ExportedMetricNames.ofPhaseMetrics());
  }

  @Test
  void prometheusScrapesEveryServiceThroughDnsSoScaledInstancesAreAllFound() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jobs =
        (List<Map<String, Object>>) yaml("docker/prometheus/prometheus.yml").get("scrape_configs");
    for (String service : SERVICES) {
      Map<String, Object> job =
          jobs.stream()
              .filter(j -> service.equals(j.get("job_name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no scrape job for " + service));
      assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
      assertThat(job.get("dns_sd_configs").toString())
          .as("DNS service discovery of %s", service)
          .contains("names=[" + service + "]");
    }
  }

  @Test
  void composeStartsEveryServiceAndLeavesIndexServiceWithoutAHostPort() {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) yaml("docker-compose.yml").get("services");
    assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
    assertThat(services).containsKeys("kafka", "state-db", "solr", "prometheus", "grafana");
    // A fixed host port would make `--scale index-service=3` fail on the second instance.
    assertThat(services.get("index-service")).doesNotContainKey("ports");
    assertThat(yaml("docker-compose.yml")).doesNotContainKey("name");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeBrokerRequiresLoginsOnEveryListenerOutsideItsContainerAndTheServicesLogIn() {
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) yaml("docker-compose.yml").get("services");
    Map<String, Object> kafka = services.get("kafka");
    Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
    Map<String, String> protocol = new java.util.HashMap<>();
    for (String entry :
        String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
      String[] kv = entry.split(":");
      protocol.put(kv[0], kv[1]);
    }
    for (String listener : String.valueOf(env.get("KAFKA_LISTENERS")).split(",")) {
      String name = listener.substring(0, listener.indexOf("://"));
      if (!"SASL_PLAINTEXT".equals(protocol.get(name))) {
        assertThat(listener).as("a listener without logins").contains("://127.0.0.1:");
      }
    }
    assertThat(env)
        .containsEntry(
            "KAFKA_AUTHORIZER_CLASS_NAME",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
    assertThat(String.valueOf(kafka.get("command"))).contains("/ckan-migrate/kafka/start");
    assertThat(project.resolve("docker/kafka/start")).isExecutable();
    for (String service : SERVICES) {
      Map<String, Object> s = services.get(service);
      assertThat((Map<String, Object>) s.get("environment"))
          .as(service)
          .containsEntry("CKAN_MIGRATE_KAFKA_SASL_USERNAME", "ckan-migrate-services")
          .containsKey("CKAN_MIGRATE_KAFKA_SASL_PASSWORD_FILE");
      assertThat(String.valueOf(s.get("secrets"))).as(service).contains("kafka_services_password");
    }
  }

  private static List<JsonNode> panelsWithTargets() {
    List<JsonNode> found = new ArrayList<>();
    collect(dashboard.path("panels"), found);
    return found;
  }

  private static void collect(JsonNode panels, List<JsonNode> found) {
    for (JsonNode panel : panels) {
      if (panel.has("targets")) {
        found.add(panel);
      }
      collect(panel.path("panels"), found); // panels nested in (collapsed) rows
    }
  }

  private static void findPlaceholders(JsonNode node, String path, List<String> found) {
    if (node.isString() && node.asString().contains("${DS_")) {
      found.add(path + " = " + node.asString());
    }
    node.properties().forEach(e -> findPlaceholders(e.getValue(), path + "." + e.getKey(), found));
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findPlaceholders(node.get(i), path + "[" + i + "]", found);
      }
    }
  }

  private static Map<String, Object> yaml(String relative) {
    try {
      return new Yaml().load(Files.readString(project.resolve(relative)));
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + project.resolve(relative), e);
    }
  }

  /** The checkout's root: set by the build; from an IDE, found upwards from the working dir. */
  static Path projectDir() {
    String property = System.getProperty("ckan.project.dir");
    if (property != null) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the checkout's root: set -Dckan.project.dir=<checkout> (the build sets it)");
  }
}
