package org.ckanmigrate.solrserver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a real Solr 9 server as its own process, on a Solr home built from configsets.
 *
 * <p>Prints exactly one {@code SOLR READY <base url>} line on stdout once every core is loaded, and
 * {@code SOLR FAILED: <reason>} on stderr (exit status 1, or 2 for a wrong command line) when it
 * cannot serve. Stops in order on SIGTERM and prints {@code SOLR STOPPED}. Run {@code java -jar
 * solr-server.jar --help} for the options.
 */
public final class SolrServerMain {

  static final String READY = "SOLR READY ";
  static final String FAILED = "SOLR FAILED: ";
  static final String STOPPED = "SOLR STOPPED";
  private static final long REPLAY_TIMEOUT_MS = 300_000;

  // Held strongly: java.util.logging forgets the level of a logger that is garbage collected.
  private static final Logger JUL_GLASSFISH = Logger.getLogger("org.glassfish");

  private SolrServerMain() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(ServerOptions.USAGE);
      return;
    }
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (ServerOptions.UsageException e) {
      err.println(FAILED + e.getMessage());
      err.print(ServerOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      run(options, out);
    } catch (SolrHome.ConfigsetException | RunningSolr.PortInUseException | NotReadyException e) {
      err.println(FAILED + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      e.printStackTrace(err);
      err.println(FAILED + "could not start Solr: " + describe(e));
      System.exit(1);
    }
  }

  private static void run(ServerOptions options, PrintStream out) throws Exception {
    boolean tempHome = options.home() == null;
    Path home =
        tempHome
            ? Files.createTempDirectory("solr-home-")
            : options.home().toAbsolutePath().normalize();
    // Solr warns at startup without it; our log4j2.xml logs to the console only.
    System.setProperty(
        "solr.log.dir", System.getProperty("solr.log.dir", home.resolve("logs").toString()));
    quietJulLoggers();

    // One hook, so that the temp home is deleted only after Solr has closed its index writers.
    AtomicReference<RunningSolr> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  RunningSolr solr = running.getAndSet(null);
                  if (solr != null) {
                    try {
                      solr.close();
                    } catch (Exception e) {
                      System.err.println("Solr did not stop cleanly: " + describe(e));
                    }
                    out.println(STOPPED);
                    out.flush();
                  }
                  if (tempHome) {
                    deleteQuietly(home);
                  }
                  stopped.countDown();
                },
                "solr-stop"));

    SolrHome.prepare(home, options.cores());
    RunningSolr solr = RunningSolr.start(options.host(), options.port(), home);
    running.set(solr);

    String failure = coreFailures(options, solr);
    if (failure != null) {
      throw new NotReadyException(failure);
    }
    if (!solr.awaitUpdateLogReplay(REPLAY_TIMEOUT_MS)) {
      throw new NotReadyException(
          "update log replay did not finish within " + REPLAY_TIMEOUT_MS / 1000 + " s");
    }
    out.println(READY + solr.baseUrl());
    out.flush();
    if (options.exitOnStdinClose()) {
      watchStdin();
    }
    stopped.await();
  }

  /** Jersey (Solr's v2 API) logs through java.util.logging, past our log4j2 configuration. */
  private static void quietJulLoggers() {
    JUL_GLASSFISH.setLevel(Level.SEVERE);
  }

  /** One message naming every core that did not load and why, or null when all loaded. */
  private static String coreFailures(ServerOptions options, RunningSolr solr) {
    Map<String, Exception> failures = solr.coreInitFailures();
    List<String> loaded = solr.loadedCores();
    StringBuilder message = new StringBuilder();
    for (Map.Entry<String, ConfigsetRef> core : options.cores().entrySet()) {
      String name = core.getKey();
      Exception failure = failures.get(name);
      if (failure == null && loaded.contains(name)) {
        continue;
      }
      message
          .append(message.length() == 0 ? "" : "; ")
          .append("core '")
          .append(name)
          .append("' did not load from configset '")
          .append(core.getValue())
          .append("': ")
          .append(failure == null ? "not loaded (no error reported)" : describe(failure));
    }
    return message.length() == 0 ? null : message.toString();
  }

  /** The distinct messages along a cause chain, outermost first: Solr nests the real reason. */
  static String describe(Throwable e) {
    Set<String> messages = new LinkedHashSet<>();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (messages.stream().noneMatch(m -> m.contains(text))) {
        messages.add(text);
      }
    }
    return String.join(" <- ", messages);
  }

  /** When the parent holds our stdin open, its death closes it: stop instead of lingering. */
  private static void watchStdin() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // Input is ignored; only the end of it matters.
                }
              } catch (IOException e) {
                // A broken pipe means the same as end of input.
              }
              System.exit(0);
            },
            "stdin-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void deleteQuietly(Path home) {
    try {
      SolrHome.deleteRecursively(home);
    } catch (IOException e) {
      System.err.println("could not delete temporary solr home " + home + ": " + e.getMessage());
    }
  }

  /** Solr runs but cannot serve as asked; the message says which core and why. */
  private static final class NotReadyException extends Exception {
    NotReadyException(String message) {
      super(message);
    }
  }
}
