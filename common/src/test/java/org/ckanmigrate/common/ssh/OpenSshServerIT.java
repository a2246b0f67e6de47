package org.ckanmigrate.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.ckanmigrate.common.spec.SshEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a real OpenSSH sshd, started privately on a loopback port with its own config,
 * Ed25519 host key and authorized_keys in a temporary directory, with keys made by ssh-keygen.
 * Skipped where sshd is not installed (CI machines need not have it) or the build does not run as
 * root (sshd then cannot log anyone in but its own user).
 */
class OpenSshServerIT {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final SshTimeouts TIMEOUTS = SshTimeouts.defaults(Duration.ofMinutes(1));

  @TempDir static Path dir;

  private static PrivateSshd sshd;
  private static PrivateSshd curve25519Only;

  @BeforeAll
  static void startSshd() throws Exception {
    assumeTrue(Files.isExecutable(SSHD), "OpenSSH's sshd is not installed at " + SSHD);
    assumeTrue("root".equals(System.getProperty("user.name")), "sshd needs root to log in");
    OpenSshTools.assumeInstalled();
    for (String type : List.of("ed25519", "rsa", "ecdsa")) {
      OpenSshTools.keygen(dir.resolve("id_" + type), type, "");
    }
    // RSA only as rsa-sha2-512/256: sshd refuses a client that can sign only with ssh-rsa (SHA-1).
    String keys =
        "PubkeyAcceptedAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";
    sshd = PrivateSshd.start(dir.resolve("sshd"), keys);
    curve25519Only =
        PrivateSshd.start(
            dir.resolve("sshd-curve25519"),
            keys + "\nKexAlgorithms curve25519-sha256\nHostKeyAlgorithms ssh-ed25519");
  }

  @AfterAll
  static void stopSshd() throws Exception {
    for (PrivateSshd server : new PrivateSshd[] {sshd, curve25519Only}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @ParameterizedTest(name = "ssh-keygen -t {0}")
  @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
  void keyMadeBySshKeygenRunsCommandsWithTheirExitStatus(String type) throws Exception {
    try (SshConnection ssh = SshConnection.open(sshd.endpoint("id_" + type), null, TIMEOUTS)) {
      try (RemoteExec echo = ssh.exec("echo \"hello from $(id -un)\"")) {
        String out = new String(echo.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(echo.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(out).isEqualTo("hello from root\n");
        assertThat(echo.exitStatus()).isZero();
      }
      try (RemoteExec failing = ssh.exec("exit 7")) {
        assertThat(failing.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(failing.exitStatus()).isEqualTo(7);
      }
    }
    if (type.equals("rsa")) {
      // OpenSSH logs the signature algorithm of each key a client offers.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(sshd.log()).containsPattern("pkalg rsa-sha2-(512|256)"));
      assertThat(sshd.log()).doesNotContain("pkalg ssh-rsa ");
    }
  }

  @Test
  void ed25519KeyUploadsAndReadsBackAFileOverSftp() throws Exception {
    byte[] content = "a small dump artifact\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Path remote = dir.resolve("uploaded.sql.gz");
    try (SshConnection ssh = SshConnection.open(sshd.endpoint("id_ed25519"), null, TIMEOUTS);
        SftpClient sftp = ssh.sftp(3)) {
      try (OutputStream out = sftp.write(remote.toString())) {
        out.write(content);
      }
      assertThat(sftp.stat(remote.toString()).getSize()).isEqualTo(content.length);
      try (InputStream in = sftp.read(remote.toString())) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
    assertThat(Files.readAllBytes(remote)).isEqualTo(content);
  }

  @Test
  void curve25519KeyExchangeWithEd25519HostKeyIsAgreed() throws Exception {
    try (SshConnection ssh =
            SshConnection.open(curve25519Only.endpoint("id_ed25519"), null, TIMEOUTS);
        RemoteExec exec = ssh.exec("true")) {
      assertThat(exec.awaitClosed(Duration.ofSeconds(10))).isTrue();
      assertThat(exec.exitStatus()).isZero();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(curve25519Only.log())
                    .contains("kex: algorithm: curve25519-sha256")
                    .contains("kex: host key algorithm: ssh-ed25519"));
  }

  /** An sshd of its own: {@code sshd -D -e -f CONFIG} on 127.0.0.1 and a free port. */
  private static final class PrivateSshd implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private PrivateSshd(Path dir, int port, Process process) {
      this.dir = dir;
      this.port = port;
      this.process = process;
    }

    static PrivateSshd start(Path dir, String extraConfig) throws Exception {
      Files.createDirectories(dir);
      // sshd refuses to start without its privilege separation directory (its package makes it).
      Files.createDirectories(Path.of("/run/sshd"));
      Path hostKey = OpenSshTools.keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519", "");
      Path authorized = dir.resolve("authorized_keys");
      StringBuilder keys = new StringBuilder();
      for (String type : List.of("ed25519", "rsa", "ecdsa")) {
        keys.append(Files.readString(dir.resolveSibling("id_" + type + ".pub")));
      }
      Files.writeString(authorized, keys);
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Path config = dir.resolve("sshd_config");
      Files.writeString(
          config,
          String.join(
              "\n",
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
              "AllowUsers root",
              "Subsystem sftp internal-sftp",
              "LogLevel DEBUG1",
              extraConfig,
              ""));
      Process process =
          new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("sshd.log").toFile())
              .start();
      PrivateSshd sshd = new PrivateSshd(dir, port, process);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
          break;
        } catch (IOException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            sshd.close();
            throw new IllegalStateException("sshd did not start: " + sshd.log(), e);
          }
          Thread.sleep(50);
        }
      }
      // The host's line as an operator gets it: ssh-keyscan, as OpenSSH writes it.
      Files.writeString(dir.resolve("known_hosts"), OpenSshTools.keyscan(port, false));
      return sshd;
    }

    SshEndpoint endpoint(String keyName) {
      return new SshEndpoint(
          "127.0.0.1",
          port,
          "root",
          dir.resolveSibling(keyName).toString(),
          dir.resolve("known_hosts").toString());
    }

    String log() throws IOException {
      return Files.readString(dir.resolve("sshd.log"));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
