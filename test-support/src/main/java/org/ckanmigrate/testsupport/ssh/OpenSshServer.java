package org.ckanmigrate.testsupport.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.stack.net.FreePorts;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.junit.jupiter.api.Assumptions;

/**
 * A private OpenSSH {@code sshd} on 127.0.0.1 and a free port, for tests and benchmarks against the
 * real server: {@code sshd -D -e -f CONFIG} with everything in its own directory (config, an
 * Ed25519 host key made by ssh-keygen, authorized_keys, pid file, log). The system's sshd and its
 * configuration are neither read nor changed. Logs in only the user running the JVM.
 *
 * <pre>
 * OpenSshServer.assumeAvailable();
 * try (OpenSshServer sshd = OpenSshServer.builder(dir).authorizedKey(key.getPublic())
 *     .config("Ciphers aes128-gcm@openssh.com").start()) {
 *   // sshd.port(), sshd.knownHosts(), sshd.user()
 * }
 * </pre>
 */
public final class OpenSshServer implements AutoCloseable {

  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  public static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

  private final Path dir;
  private final int port;
  private final Process process;

  private OpenSshServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Skips the calling test (a JUnit assumption) where Debian's openssh-server is not installed
   * ({@code apt-get install -y --no-install-recommends openssh-server}; it need not be configured
   * or running).
   */
  public static void assumeAvailable() {
    String missing =
        !Files.isExecutable(SSHD)
            ? "OpenSSH's sshd is not installed at " + SSHD
            : !Files.isExecutable(SSH_KEYGEN)
                ? "OpenSSH's ssh-keygen is not installed at " + SSH_KEYGEN
                : null;
    if (missing != null) {
      String reason =
          "test against a real OpenSSH server skipped: "
              + missing
              + "; install it with: sudo apt-get install -y --no-install-recommends"
              + " openssh-server openssh-client (./scripts/test.sh refuses to run without it)";
      // Once per JVM, on the console: a skip must never be silent.
      if (!skipReported) {
        skipReported = true;
        System.err.println("[OpenSshServer] " + reason);
      }
      Assumptions.abort(reason);
    }
  }

  private static volatile boolean skipReported;

  /** A server keeping its files in {@code dir} (created if missing). */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The user it logs in: the one running this JVM. */
  public String user() {
    return System.getProperty("user.name");
  }

  /** A known_hosts file holding this server's host key line, {@code [127.0.0.1]:PORT ...}. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** Its directory (config, keys, log). */
  public Path dir() {
    return dir;
  }

  /** What sshd has logged so far (at the builder's log level). */
  public String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  /** Stops sshd (its sessions' commands get SIGHUP as their connections drop). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  public static final class Builder {
    private final Path dir;
    private final List<String> authorizedKeys = new ArrayList<>();
    private final List<String> config = new ArrayList<>();
    private String logLevel = "ERROR";

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** A public key allowed to log in. */
    public Builder authorizedKey(PublicKey key) {
      return authorizedKey(SshKeys.publicKeyLine(key));
    }

    /** An authorized_keys line (e.g. a {@code .pub} file's content made by ssh-keygen). */
    public Builder authorizedKey(String line) {
      authorizedKeys.add(line.strip());
      return this;
    }

    /** An extra sshd_config line, e.g. {@code Ciphers aes128-gcm@openssh.com}. */
    public Builder config(String line) {
      config.add(line);
      return this;
    }

    /** sshd's {@code LogLevel} (default ERROR; DEBUG1 logs the negotiated algorithms). */
    public Builder logLevel(String level) {
      this.logLevel = level;
      return this;
    }

    /** Starts sshd and waits until it accepts connections (at most 10 s). */
    public OpenSshServer start() throws IOException, InterruptedException {
      Files.createDirectories(dir);
      // sshd refuses to start without its privilege separation directory (its package makes it).
      Files.createDirectories(Path.of("/run/sshd"));
      Path hostKey = dir.resolve("ssh_host_ed25519_key");
      Files.deleteIfExists(hostKey);
      Files.deleteIfExists(Path.of(hostKey + ".pub"));
      Process keygen =
          new ProcessBuilder(
                  SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString())
              .redirectErrorStream(true)
              .start();
      String keygenOut = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
        throw new IllegalStateException("ssh-keygen failed for the host key: " + keygenOut);
      }
      Path authorized = dir.resolve("authorized_keys");
      Files.writeString(
          authorized, authorizedKeys.isEmpty() ? "" : String.join("\n", authorizedKeys) + "\n");
      // Below the ephemeral range, so no outgoing connection takes it before sshd binds.
      int port = FreePorts.consecutive(1);
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "Port " + port,
                  "ListenAddress 127.0.0.1",
                  "HostKey " + hostKey,
                  "AuthorizedKeysFile " + authorized,
                  "PidFile " + dir.resolve("sshd.pid"),
                  "UsePAM no",
                  "StrictModes no",
                  "PasswordAuthentication no",
                  "KbdInteractiveAuthentication no",
                  "PubkeyAuthentication yes",
                  "PermitRootLogin prohibit-password",
                  "AllowUsers " + System.getProperty("user.name"),
                  "Subsystem sftp internal-sftp",
                  "LogLevel " + logLevel));
      lines.addAll(config);
      Path configFile = dir.resolve("sshd_config");
      Files.writeString(configFile, String.join("\n", lines) + "\n");
      Path log = dir.resolve("sshd.log");
      Process process =
          new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", configFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      OpenSshServer server = new OpenSshServer(dir, port, process);
      String[] hostPub = Files.readString(Path.of(hostKey + ".pub")).strip().split(" ");
      Files.writeString(
          server.knownHosts(), "[127.0.0.1]:" + port + " " + hostPub[0] + " " + hostPub[1] + "\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return server;
        } catch (IOException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            server.close();
            throw new IllegalStateException("sshd did not start: " + Files.readString(log), e);
          }
          Thread.sleep(50);
        }
      }
    }
  }
}
