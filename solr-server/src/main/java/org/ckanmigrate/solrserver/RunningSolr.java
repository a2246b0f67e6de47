package org.ckanmigrate.solrserver;

import java.net.BindException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrCore;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.update.UpdateLog;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/** A Solr node (Jetty 10 + the Solr dispatch filter) running in this JVM on a Solr home. */
final class RunningSolr implements AutoCloseable {

  private static final long CORE_LOAD_TIMEOUT_MS = 120_000;

  private final HostBoundRunner jetty;
  private final String connectHost;

  private RunningSolr(HostBoundRunner jetty, String bindHost) {
    this.jetty = jetty;
    this.connectHost = isWildcard(bindHost) ? "127.0.0.1" : bindHost;
  }

  /**
   * Starts Solr on {@code home} (laid out by {@link SolrHome}) and waits until its cores are loaded
   * or have failed; see {@link #coreInitFailures()}.
   *
   * @throws PortInUseException if the port is taken
   */
  static RunningSolr start(String host, int port, Path home) throws Exception {
    JettyConfig config =
        JettyConfig.builder()
            .setPort(port)
            .setContext("/solr")
            // Our shutdown hook stops Solr in order; Jetty's own hook would race it.
            .stopAtShutdown(false)
            .waitForLoadingCoresToFinish(CORE_LOAD_TIMEOUT_MS)
            // Fail at once on a taken port instead of retrying for a minute.
            .withPortRetryTime(0)
            .build();
    HostBoundRunner jetty = HostBoundRunner.create(home.toString(), config, host);
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty);
      if (hasCause(e, BindException.class)) {
        throw new PortInUseException(host, port, e);
      }
      throw e;
    }
    return new RunningSolr(jetty, host);
  }

  String baseUrl() {
    String host = connectHost.contains(":") ? "[" + connectHost + "]" : connectHost;
    return "http://" + host + ":" + jetty.getLocalPort() + "/solr";
  }

  int port() {
    return jetty.getLocalPort();
  }

  /** Cores that did not load, with the reason, keyed by core name. */
  Map<String, Exception> coreInitFailures() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    CoreContainer cores = jetty.getCoreContainer();
    cores.getCoreInitFailures().forEach((name, failure) -> failures.put(name, failure.exception));
    return failures;
  }

  /**
   * Waits until no core is replaying its update log. After a crash Solr serves requests while it
   * replays uncommitted updates in the background; "ready" should mean they are back.
   *
   * @return false if some core still replays after the timeout
   */
  boolean awaitUpdateLogReplay(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    CoreContainer container = jetty.getCoreContainer();
    for (String name : loadedCores()) {
      try (SolrCore core = container.getCore(name)) {
        UpdateLog log = core == null ? null : core.getUpdateHandler().getUpdateLog();
        while (log != null && log.getState() != UpdateLog.State.ACTIVE) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          Thread.sleep(50);
        }
      }
    }
    return true;
  }

  List<String> loadedCores() {
    return jetty.getCoreContainer().getLoadedCoreNames();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }

  private static void stopQuietly(JettySolrRunner jetty) {
    try {
      jetty.stop();
    } catch (Exception | AssertionError ignored) {
      // A half-started Jetty may not stop cleanly; the process is about to report and exit.
    }
  }

  static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** The port could not be bound. */
  static final class PortInUseException extends Exception {
    PortInUseException(String host, int port, Throwable cause) {
      super(
          "port "
              + port
              + " on "
              + host
              + " is already in use: stop what holds it or pass another --port (0 picks a free"
              + " one)",
          cause);
    }
  }

  /**
   * JettySolrRunner always binds 127.0.0.1; in a container Solr must listen on every interface. Its
   * connector is built inside the constructor, so the host reaches the override through a
   * thread-local set around construction (and a field afterwards, for a restart's re-init).
   */
  private static final class HostBoundRunner extends JettySolrRunner {
    private static final ThreadLocal<String> BIND_HOST = new ThreadLocal<>();
    private final String bindHost;

    private HostBoundRunner(String home, JettyConfig config) {
      super(home, config);
      this.bindHost = BIND_HOST.get();
    }

    static HostBoundRunner create(String home, JettyConfig config, String host) {
      BIND_HOST.set(host);
      try {
        return new HostBoundRunner(home, config);
      } finally {
        BIND_HOST.remove();
      }
    }

    @Override
    protected HandlerWrapper injectJettyHandlers(HandlerWrapper chain) {
      String host = bindHost != null ? bindHost : BIND_HOST.get();
      if (host != null) {
        for (Connector connector : chain.getServer().getConnectors()) {
          ((ServerConnector) connector).setHost(host);
        }
      }
      return chain;
    }
  }
}
