package org.ckanmigrate.stack.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.stack.net.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster created with initdb under {@code target/} (or {@code
 * CKAN_TEST_POSTGRES_DIR}), with durability off for speed, and stopped at JVM exit.
 */
final class ThrowawayCluster {

  private static final Logger log = LoggerFactory.getLogger(ThrowawayCluster.class);
  private static final String SUPERUSER = "postgres";

  private ThrowawayCluster() {}

  static PostgresServer start(Path binDir) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path base = baseDir();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce(binDir, base, root);
      } catch (IllegalStateException e) {
        last = e;
        log.warn("PostgreSQL start attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw last;
  }

  private static Path baseDir() {
    String configured = PostgresServer.setting("CKAN_TEST_POSTGRES_DIR");
    Path parent =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir"), "target");
    parent = parent.toAbsolutePath();
    if (!traversableByOthers(parent)) {
      // The postgres OS user must reach its data directory; a checkout under /root cannot.
      Path fallback = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      log.info("{} is not reachable by the postgres user; using {} instead", parent, fallback);
      parent = fallback;
    }
    return parent.resolve("ckan-migrate-postgres-" + ProcessHandle.current().pid());
  }

  /** Whether every existing ancestor of {@code dir} can be traversed by any user. */
  static boolean traversableByOthers(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (!Files.exists(p)) {
        continue;
      }
      try {
        var perms = Files.getPosixFilePermissions(p);
        if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  private static PostgresServer startOnce(Path binDir, Path base, boolean root) {
    // Below the ephemeral range: a port from there could be taken by an outgoing connection before
    // the server binds it.
    int port = FreePorts.consecutive(1);
    Path dir = base.resolve("p" + port);
    Path data = dir.resolve("data");
    Path serverLog = dir.resolve("server.log");
    // Unix sockets live in a short /tmp path: the 107-byte socket path limit bites deep checkouts.
    Path socketDir;
    try {
      Files.createDirectories(dir);
      socketDir = Files.createTempDirectory("ckpg");
      if (root) {
        chownToPostgres(dir);
        chownToPostgres(socketDir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the PostgreSQL directory " + dir, e);
    }
    run(
        root,
        dir,
        List.of(
            binDir.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync"),
        120);
    run(
        root,
        dir,
        List.of(
            binDir.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            serverLog.toString(),
            "-o",
            "-p "
                + port
                + " -k "
                + socketDir
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB",
            "-w",
            "-t",
            "60",
            "start"),
        90);
    log.info("Started throwaway PostgreSQL on 127.0.0.1:{} (data {})", port, data);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    run(
                        root,
                        dir,
                        List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-m",
                            "immediate",
                            "stop"),
                        30);
                  } catch (RuntimeException e) {
                    // best effort: the JVM is going away
                  }
                  PostgresServer.deleteRecursively(dir);
                  PostgresServer.deleteRecursively(socketDir);
                },
                "postgres-stop"));
    return new PostgresServer("127.0.0.1", port, SUPERUSER, "", binDir, "local");
  }

  private static void chownToPostgres(Path dir) throws IOException {
    var lookup = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, lookup.lookupPrincipalByName("postgres"));
  }

  private static void run(boolean root, Path dir, List<String> command, int timeoutSeconds) {
    List<String> full = new ArrayList<>();
    if (root) {
      // PostgreSQL refuses to run as root.
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Path out = Files.createTempFile("pgcmd", ".log");
      Process p =
          new ProcessBuilder(full)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "Timed out after " + timeoutSeconds + "s: " + String.join(" ", command));
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      if (p.exitValue() != 0) {
        String serverLog = "";
        Path logFile = dir.resolve("server.log");
        if (Files.exists(logFile)) {
          serverLog = "\nserver.log:\n" + Files.readString(logFile, StandardCharsets.UTF_8);
        }
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + p.exitValue()
                + ":\n"
                + output
                + serverLog);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command.get(0), e);
    }
  }
}
