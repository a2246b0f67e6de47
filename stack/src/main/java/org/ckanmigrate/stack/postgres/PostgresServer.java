package org.ckanmigrate.stack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests, the benchmarks and the demo, started once per JVM.
 *
 * <p>Where it comes from, first match wins:
 *
 * <ol>
 *   <li>the server named by {@code CKAN_TEST_POSTGRES_URL} (a JDBC URL of its maintenance database,
 *       e.g. {@code jdbc:postgresql://db:5432/postgres}) with {@code CKAN_TEST_POSTGRES_USER} and
 *       {@code CKAN_TEST_POSTGRES_PASSWORD} (environment variables or system properties);
 *   <li>a {@link Provider} found on the class path that has a server to offer (test-support's
 *       Testcontainers {@code postgres:15} container when a Docker engine answers; the demo has
 *       none);
 *   <li>a throwaway cluster from the local PostgreSQL binaries (initdb + pg_ctl on a free port
 *       under {@code target/}), run as the {@code postgres} OS user when the JVM runs as root, and
 *       stopped when the JVM ends.
 * </ol>
 *
 * <p>Tests never share data: each asks {@link #createDatabase(String)} for a fresh database.
 */
public final class PostgresServer {

  private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
  private static final AtomicInteger DATABASE_SEQUENCE = new AtomicInteger();
  private static volatile PostgresServer shared;

  private final String host;
  private final int port;
  private final String superuser;
  private final String password;
  private final Path binDir;
  private final String origin;

  /**
   * Another source of servers, tried before the local binaries; registered through {@code
   * META-INF/services} so that this module needs no test library.
   */
  public interface Provider {
    /** A started server, or empty when this source is not available here. */
    Optional<PostgresServer> start(Optional<Path> binDir);
  }

  /** A server someone else started ({@code origin} names where it came from). */
  public static PostgresServer of(
      String host, int port, String superuser, String password, Path binDir, String origin) {
    return new PostgresServer(host, port, superuser, password, binDir, origin);
  }

  PostgresServer(
      String host, int port, String superuser, String password, Path binDir, String origin) {
    this.host = host;
    this.port = port;
    this.superuser = superuser;
    this.password = password == null ? "" : password;
    this.binDir = binDir;
    this.origin = origin;
  }

  /** The JVM's server, started on first use. */
  public static PostgresServer shared() {
    PostgresServer server = shared;
    if (server == null) {
      synchronized (PostgresServer.class) {
        server = shared;
        if (server == null) {
          server = start();
          shared = server;
        }
      }
    }
    return server;
  }

  private static PostgresServer start() {
    String url = setting("CKAN_TEST_POSTGRES_URL");
    if (url != null && !url.isBlank()) {
      return ExternalPostgres.connect(
          url,
          setting("CKAN_TEST_POSTGRES_USER"),
          setting("CKAN_TEST_POSTGRES_PASSWORD"),
          LocalBinaries.find());
    }
    for (Provider provider : ServiceLoader.load(Provider.class)) {
      Optional<PostgresServer> server = provider.start(LocalBinaries.find());
      if (server.isPresent()) {
        return server.get();
      }
    }
    return ThrowawayCluster.start(LocalBinaries.find().orElseThrow(LocalBinaries::missing));
  }

  /** A setting from a system property, else the environment. */
  public static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String superuser() {
    return superuser;
  }

  /** The superuser's password; empty for the throwaway cluster (trust authentication). */
  public String password() {
    return password;
  }

  /** Directory of pg_dump, psql and pg_restore matching the server where possible. */
  public Path binDir() {
    return binDir;
  }

  /** Where this server came from: {@code external}, {@code testcontainers} or {@code local}. */
  public String origin() {
    return origin;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Connects to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", superuser);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * Environment for a child process (pg_dump, psql) to reach this server as the superuser. For
   * tests only: production code passes passwords through a password file.
   */
  public Map<String, String> libpqEnv() {
    return Map.of(
        "PGHOST",
        host,
        "PGPORT",
        Integer.toString(port),
        "PGUSER",
        superuser,
        "PGPASSWORD",
        password);
  }

  /** A path to a PostgreSQL client tool, e.g. {@code tool("pg_dump")}. */
  public Path tool(String name) {
    return binDir.resolve(name);
  }

  /** Creates a fresh, empty UTF-8 database whose name starts with {@code prefix}. */
  public TestDatabase createDatabase(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
      clean = "t_" + clean;
    }
    if (clean.length() > 40) {
      clean = clean.substring(0, 40);
    }
    String name =
        clean + "_" + ProcessHandle.current().pid() + "_" + DATABASE_SEQUENCE.incrementAndGet();
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE DATABASE \""
              + name
              + "\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return new TestDatabase(this, name);
  }

  /**
   * Runs a SQL file into {@code database} the way an operator would load a plain dump: {@code psql
   * -X -q -v ON_ERROR_STOP=1 -f FILE}. Throws, with psql's output, if psql fails or takes longer
   * than {@code timeout}.
   */
  public void psqlFile(String database, Path sql, java.time.Duration timeout) {
    ProcessBuilder pb =
        new ProcessBuilder(
                tool("psql").toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                database,
                "-f",
                sql.toString())
            .redirectErrorStream(true);
    pb.environment().putAll(libpqEnv());
    try {
      Path log = Files.createTempFile("psql", ".log");
      try {
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              "psql did not finish loading " + sql + " within " + timeout);
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "psql failed (exit "
                  + p.exitValue()
                  + ") loading "
                  + sql
                  + " into "
                  + database
                  + ":\n"
                  + Files.readString(log));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run psql on " + sql, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while psql loaded " + sql, e);
    }
  }

  /** Drops a database, disconnecting its sessions first. Missing databases are ignored. */
  public void dropDatabase(String name) {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
    } catch (SQLException e) {
      log.warn("Could not drop test database {}: {}", name, e.getMessage());
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete {}: {}", dir, e.getMessage());
    }
  }
}
