package org.ckanmigrate.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (the machine's {@code prometheus} binary) scraping the one-machine stack's
 * services on their local ports, with the alert rules compose ships ({@code
 * docker/prometheus/alerts.yml}), so the dashboard's queries and the alerts can be tried without
 * Docker. Its data lives in the demo's work directory.
 */
final class PrometheusProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;
  private final ChildProcess process;

  private PrometheusProcess(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /** The {@code prometheus} binary on the PATH, if the machine has one. */
  static Optional<Path> binary() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts Prometheus on {@code port}, scraping each service (name -> base URL of its actuator)
   * every {@code scrapeInterval}, and waits until it is ready.
   */
  static PrometheusProcess start(
      Path binary,
      Path projectDir,
      Path workDir,
      int port,
      Duration scrapeInterval,
      Map<String, String> services)
      throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("prometheus"));
    Path alerts = projectDir.resolve("docker/prometheus/alerts.yml");
    String interval = scrapeInterval.toSeconds() + "s";
    List<String> config = new ArrayList<>();
    config.add(
        "# Written by ckan-migrate demo: the services of this machine, on their local ports.");
    config.add("global:");
    config.add("  scrape_interval: " + interval);
    config.add("  evaluation_interval: " + interval);
    config.add("rule_files:");
    config.add("  - '" + alerts + "'");
    config.add("scrape_configs:");
    // One job per service; a scaled-out service's instances (index-service, index-service-2)
    // are targets of the same job, as compose's replicas are.
    Map<String, List<String>> jobs = new java.util.LinkedHashMap<>();
    services.forEach(
        (name, baseUrl) -> {
          URI uri = URI.create(baseUrl);
          jobs.computeIfAbsent(name.replaceFirst("-\\d+$", ""), j -> new ArrayList<>())
              .add("'" + uri.getHost() + ":" + uri.getPort() + "'");
        });
    jobs.forEach(
        (job, targets) -> {
          config.add("  - job_name: " + job);
          config.add("    metrics_path: /actuator/prometheus");
          config.add("    static_configs:");
          config.add("      - targets: [" + String.join(", ", targets) + "]");
        });
    Path file = Files.write(dir.resolve("prometheus.yml"), config);
    List<String> command =
        List.of(
            binary.toString(),
            "--config.file=" + file,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port);
    ChildProcess child =
        ChildProcess.start("prometheus", command, Map.of(), workDir.resolve("logs/prometheus.log"));
    PrometheusProcess prometheus = new PrometheusProcess(port, child);
    child.awaitReady(prometheus::ready, Duration.ofMinutes(1));
    return prometheus;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return process.log();
  }

  private boolean ready() {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
