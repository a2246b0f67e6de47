package org.ckanmigrate.stack.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Solr 9 server ({@code solr-server.jar}) running as a child process, for tests and the
 * demo. It cannot run inside a Boot 4 JVM (Jetty 10 vs 12), so it always runs beside it.
 *
 * <pre>{@code
 * try (SolrServerProcess solr = SolrServerProcess.builder().builtinCore("ckan", "ckan").start()) {
 *   String select = solr.coreUrl("ckan") + "/select?q=*:*";
 * }
 * }</pre>
 *
 * <p>The jar is found through the system property {@code ckan.solr.server.dir} (the build sets it)
 * or by walking up from the working directory to {@code solr-server/target/solr-server.jar}. The
 * child's output goes to a log file under {@code target/solr-server-process/}; a failed start
 * throws with the tail of that log. Every process still running stops when this JVM exits, and the
 * child stops by itself if this JVM dies without running its shutdown hooks (its stdin closes).
 */
public final class SolrServerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SolrServerProcess.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final Set<SolrServerProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final int LOG_TAIL_LINES = 40;

  /** Default JVM options: start fast, for tests. See {@link Builder#jvmOptions(String...)}. */
  public static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static SolrServerProcess shared;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (SolrServerProcess solr : List.copyOf(LIVE)) {
                    solr.stopProcess();
                    solr.deleteTempHome();
                  }
                },
                "solr-server-process-stop"));
  }

  private final Path jar;
  private final Map<String, String> cores;
  private final Path home;
  private final boolean tempHome;
  private final Path logFile;
  private final Duration startupTimeout;
  private final String heap;
  private final List<String> jvmOptions;
  private final boolean isShared;
  private volatile Process process;
  private volatile int port;
  private volatile String baseUrl;

  private SolrServerProcess(Builder builder, boolean isShared) throws IOException {
    if (builder.cores.isEmpty()) {
      throw new IllegalArgumentException("add at least one core to the SolrServerProcess builder");
    }
    this.jar = builder.jar != null ? builder.jar : SolrServerJar.locate();
    this.cores = Collections.unmodifiableMap(new LinkedHashMap<>(builder.cores));
    Path workDir = workDirectory();
    this.tempHome = builder.home == null;
    this.home = tempHome ? Files.createTempDirectory(workDir, "home-") : builder.home;
    this.logFile =
        workDir.resolve(
            "solr-"
                + LOG_STAMP.format(LocalDateTime.now())
                + "-"
                + SEQUENCE.incrementAndGet()
                + ".log");
    this.startupTimeout = builder.startupTimeout;
    this.heap = builder.heap;
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.port = builder.port;
    this.isShared = isShared;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * One Solr for the whole test JVM, started on first use with the builtin cores {@code ckan} (the
   * project's CKAN configset) and {@code tiny}. Tests share its cores, so they should use their own
   * document ids or site ids. {@link #close()} leaves it running; it stops when the JVM exits.
   */
  public static synchronized SolrServerProcess shared() {
    if (shared == null || !shared.isRunning()) {
      Builder builder = builder().builtinCore("ckan", "ckan").builtinCore("tiny", "tiny");
      SolrServerProcess solr;
      try {
        solr = new SolrServerProcess(builder, true);
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare the shared Solr", e);
      }
      try {
        solr.startProcess();
      } catch (RuntimeException e) {
        solr.stopProcess();
        throw e;
      }
      shared = solr;
    }
    return shared;
  }

  /** {@code http://127.0.0.1:PORT/solr} */
  public String baseUrl() {
    if (baseUrl == null) {
      throw new IllegalStateException("Solr has not started");
    }
    return baseUrl;
  }

  /** {@code http://127.0.0.1:PORT/solr/<core>}; the core must be one this server was given. */
  public String coreUrl(String core) {
    if (!cores.containsKey(core)) {
      throw new IllegalArgumentException(
          "no core '" + core + "' in this Solr; its cores are " + cores.keySet());
    }
    return baseUrl() + "/" + core;
  }

  public int port() {
    return port;
  }

  public Path home() {
    return home;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Stops Solr as a service manager would (SIGTERM: commits nothing, closes cores in order). */
  public synchronized void stop() {
    stopProcess();
  }

  /** Kills Solr with SIGKILL, as a crash would: uncommitted updates survive only in its tlog. */
  public synchronized void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      waitForExit(p, Duration.ofSeconds(30));
    }
  }

  /** Stops Solr if it runs, then starts it again on the same port with the same home (data). */
  public synchronized void restart() {
    stopProcess();
    startProcess();
  }

  /** Stops Solr and deletes its home if this object created it. The shared instance stays up. */
  @Override
  public synchronized void close() {
    if (isShared) {
      return;
    }
    stopProcess();
    deleteTempHome();
    LIVE.remove(this);
  }

  @Override
  public String toString() {
    return "SolrServerProcess["
        + (baseUrl == null ? "not started" : baseUrl)
        + ", "
        + logFile
        + "]";
  }

  private synchronized void startProcess() {
    if (isRunning()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of("--port", Integer.toString(port), "--home", home.toString()));
    command.add("--exit-on-stdin-close");
    cores.forEach((name, configset) -> command.addAll(List.of("--core", name + "=" + configset)));

    long started = System.nanoTime();
    long logStart;
    try {
      Files.writeString(
          logFile,
          "=== starting: " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      logStart = Files.size(logFile);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + command, e);
    }
    LIVE.add(this);
    String readyUrl = awaitReadyLine(logStart);
    awaitCores(readyUrl);
    baseUrl = readyUrl;
    port = URI.create(readyUrl).getPort();
    log.info(
        "Solr {} ready in {} ms with cores {} (log: {})",
        baseUrl,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        cores.keySet(),
        logFile);
  }

  private String awaitReadyLine(long logStart) {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    while (true) {
      for (String line : logLinesFrom(logStart)) {
        if (line.startsWith("SOLR READY ")) {
          return line.substring("SOLR READY ".length()).trim();
        }
        if (line.startsWith("SOLR FAILED: ")) {
          waitForExit(process, Duration.ofSeconds(10));
          throw startupFailure(line.substring("SOLR FAILED: ".length()));
        }
      }
      if (!process.isAlive()) {
        throw startupFailure("the process exited with status " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        stopProcess();
        throw startupFailure("no 'SOLR READY' line within " + startupTimeout);
      }
      sleep(100);
    }
  }

  /** Confirms over HTTP what the ready line says: the core admin API lists every core. */
  private void awaitCores(String url) {
    String status;
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + "/admin/cores?action=STATUS&wt=json"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      status = response.statusCode() + " " + response.body();
    } catch (ConnectException e) {
      throw startupFailure("announced " + url + " but refused connections");
    } catch (IOException e) {
      throw startupFailure("announced " + url + " but the core status request failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw startupFailure("interrupted while checking cores");
    }
    for (String core : cores.keySet()) {
      if (!status.startsWith("200") || !status.contains("\"name\":\"" + core + "\"")) {
        throw startupFailure("core '" + core + "' is missing from the core status: " + status);
      }
    }
  }

  private IllegalStateException startupFailure(String reason) {
    return new IllegalStateException(
        "Solr did not start ("
            + reason
            + "); last lines of "
            + logFile
            + ":\n"
            + String.join("\n", logTail()));
  }

  private List<String> logTail() {
    List<String> lines = logLinesFrom(0);
    return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
  }

  private List<String> logLinesFrom(long offset) {
    try {
      byte[] all = Files.readAllBytes(logFile);
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of("(log unreadable: " + e.getMessage() + ")");
    }
  }

  private void stopProcess() {
    Process p = process;
    if (p != null && p.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close our pipe to its stdin,
      // which makes the child exit at once instead of stopping Solr in order.
      p.toHandle().destroy();
      if (!waitForExit(p, Duration.ofSeconds(30))) {
        log.warn("Solr {} did not stop within 30 s of SIGTERM; killing it", baseUrl);
        p.destroyForcibly();
        waitForExit(p, Duration.ofSeconds(10));
      }
    }
  }

  private void deleteTempHome() {
    if (!tempHome || !Files.exists(home)) {
      return;
    }
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("could not delete Solr home {}: {}", home, e.toString());
    }
  }

  private static boolean waitForExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Solr", e);
    }
  }

  /** {@code target/solr-server-process} when run from a module, else a temp directory. */
  private static Path workDirectory() throws IOException {
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      return Files.createDirectories(target.resolve("solr-server-process")).toAbsolutePath();
    }
    return Files.createTempDirectory("solr-server-process-");
  }

  /** Settings of a {@link SolrServerProcess}. */
  public static final class Builder {
    private final Map<String, String> cores = new LinkedHashMap<>();
    private Path home;
    private Path jar;
    private int port;
    private Duration startupTimeout = Duration.ofSeconds(120);
    // The least the CKAN configset needs: at 384 MB a crash's update-log replay ran out of memory
    // (docs/benchmarks/reindex.md, "Crash replay").
    private String heap = "512m";
    private List<String> jvmOptions = FAST_START;

    private Builder() {}

    /** A core named {@code name} built from a configset directory (holding {@code conf/}). */
    public Builder core(String name, Path configsetDir) {
      return putCore(name, configsetDir.toAbsolutePath().toString());
    }

    /** A core from a configset packaged in solr-server.jar: {@code tiny} or {@code ckan}. */
    public Builder builtinCore(String name, String configset) {
      return putCore(name, "builtin:" + configset);
    }

    /** Solr home to use and keep (default: a temp dir under target/, deleted on close). */
    public Builder home(Path home) {
      this.home = home.toAbsolutePath();
      return this;
    }

    /** Port to listen on (default 0: a free port, kept across restarts). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The solr-server.jar to run (default: found as the class comment says). */
    public Builder jar(Path jar) {
      this.jar = jar.toAbsolutePath();
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
      return this;
    }

    /** Maximum heap of the Solr JVM, e.g. {@code 512m} (the default). */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    /**
     * JVM options of the Solr process, replacing the default {@link #FAST_START} (C1 only, serial
     * GC: about half the start time on 2 busy cores, but slower indexing). Pass none for a plain
     * JVM, e.g. when measuring throughput.
     */
    public Builder jvmOptions(String... options) {
      this.jvmOptions = List.of(options);
      return this;
    }

    /** Starts Solr and returns once every core answers; throws with the log tail otherwise. */
    public SolrServerProcess start() {
      SolrServerProcess solr;
      try {
        solr = new SolrServerProcess(this, false);
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare Solr", e);
      }
      try {
        solr.startProcess();
        return solr;
      } catch (RuntimeException e) {
        solr.close();
        throw e;
      }
    }

    private Builder putCore(String name, String configset) {
      if (cores.putIfAbsent(name, configset) != null) {
        throw new IllegalArgumentException("core '" + name + "' is added twice");
      }
      return this;
    }
  }
}
