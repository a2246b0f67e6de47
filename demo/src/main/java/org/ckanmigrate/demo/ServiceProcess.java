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

/** One ckan-migrate service (its Boot jar) as its own process, as it would run in production. */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private final ClassDataSharing cds;
  private ChildProcess process;

  private ServiceProcess(
      String name,
      int port,
      List<String> command,
      Map<String, String> env,
      Path log,
      ClassDataSharing cds)
      throws IOException {
    this.name = name;
    this.cds = cds;
    this.port = port;
    this.command = command;
    this.env = env;
    this.log = log;
    this.process = ChildProcess.start(name, command, env, log);
  }

  /** The service's executable jar in a built checkout. */
  static Path jar(Path projectDir, String service) {
    Path jar =
        projectDir.resolve(service).resolve("target").resolve(service + "-0.1.0-SNAPSHOT.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the services first (./mvnw -DskipTests package)");
    }
    return jar;
  }

  /**
   * Starts {@code service}'s jar as the instance {@code name} (its log is {@code name.log}): from
   * the extracted jar with its class data archive when {@code cds} is given, else the Boot jar.
   */
  static ServiceProcess start(
      Path projectDir,
      String service,
      String name,
      ClassDataSharing cds,
      int port,
      Map<String, String> properties,
      Map<String, String> env,
      Path logDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.java());
    command.add("-Xmx384m");
    // Full JIT (no C1-only fast start): the index-service builds every document, and the
    // C1-only JVM spent about twice the CPU per document on two cores.
    if (cds != null) {
      command.addAll(cds.jvmOptions());
    }
    command.add("-jar");
    command.add((cds != null ? cds.jar() : jar(projectDir, service)).toString());
    command.add("--server.port=" + port);
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    return new ServiceProcess(name, port, command, env, logDir.resolve(name + ".log"), cds);
  }

  /**
   * Starts {@code service} once to write its class data archive ({@link ClassDataSharing}): the
   * same settings as a real start, so it reaches the same classes (and migrates the state database,
   * as the real start would), and exits once its context is refreshed.
   */
  static ChildProcess train(
      String service,
      ClassDataSharing cds,
      Path archive,
      Map<String, String> properties,
      Map<String, String> env,
      Path logDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.java());
    command.add("-Xmx384m");
    command.addAll(ClassDataSharing.trainingOptions(archive));
    command.add("-jar");
    command.add(cds.jar().toString());
    command.add("--server.port=0");
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    return ChildProcess.start(
        service + " training", command, env, logDir.resolve(service + "-cds-training.log"));
  }

  /** Whether this running process has its class data archive mapped (false without one). */
  boolean usesClassData() {
    return cds != null && process.isAlive() && cds.mappedBy(process.pid());
  }

  void awaitHealthy(Duration timeout) {
    process.awaitReady(this::healthy, timeout);
  }

  boolean healthy() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String name() {
    return name;
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  Path log() {
    return process.log();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status of a process that has ended (e.g. halted at a test's crash point). */
  int exitStatus() {
    return process.exitStatus();
  }

  /** Kills the process at once, like a crash (no shutdown hooks, leases left to expire). */
  void kill() {
    process.kill();
  }

  /** Starts the service again with the same settings (its log continues in a new file). */
  void restart() throws IOException {
    process.close();
    process = ChildProcess.start(name, command, env, log.resolveSibling(name + "-restarted.log"));
  }

  @Override
  public void close() {
    process.close();
  }
}
