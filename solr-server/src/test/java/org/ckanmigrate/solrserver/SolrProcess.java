package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The packaged {@code solr-server.jar} run as a child process, as test-support runs it. */
final class SolrProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/solr-server.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final List<String> stdout = new CopyOnWriteArrayList<>();
  final List<String> stderr = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> firstStatusLine = new CompletableFuture<>();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  private SolrProcess(Process process) {
    this.process = process;
    stdoutPump = pump(process.getInputStream(), stdout, true);
    stderrPump = pump(process.getErrorStream(), stderr, false);
  }

  static SolrProcess launch(String... args) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "run 'mvn package' first: no " + JAR.toAbsolutePath());
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    return new SolrProcess(new ProcessBuilder(command).start());
  }

  /** Waits for the READY line and returns the base URL it names. */
  String awaitReady() throws Exception {
    String line = firstStatusLine.get(90, TimeUnit.SECONDS);
    if (!line.startsWith(SolrServerMain.READY)) {
      fail("Solr did not start: " + line + "\nstderr:\n" + String.join("\n", stderr));
    }
    return line.substring(SolrServerMain.READY.length());
  }

  /** Waits for the process to end and all its output to be read; returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      fail("solr-server did not exit; stderr:\n" + String.join("\n", stderr));
    }
    stdoutPump.join(10_000);
    stderrPump.join(10_000);
    return process.exitValue();
  }

  String lastStderrLine() throws InterruptedException {
    awaitExit();
    return stderr.stream().filter(l -> l.startsWith("SOLR")).reduce((a, b) -> b).orElse("");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postJson(String url, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Thread pump(java.io.InputStream in, List<String> sink, boolean watchStatus) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  sink.add(line);
                  if (line.startsWith("SOLR ")) {
                    firstStatusLine.complete(line);
                  }
                }
              } catch (IOException e) {
                // The process ended.
              }
              if (watchStatus) {
                firstStatusLine.complete("exited without a READY line");
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
