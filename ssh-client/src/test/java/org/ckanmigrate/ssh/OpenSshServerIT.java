package org.ckanmigrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.testsupport.ssh.OpenSshServer;
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

  private static final SshTimeouts TIMEOUTS = SshTimeouts.defaults(Duration.ofMinutes(1));

  @TempDir static Path dir;

  private static OpenSshServer sshd;
  private static OpenSshServer curve25519Only;

  @BeforeAll
  static void startSshd() throws Exception {
    OpenSshServer.assumeAvailable();
    assumeTrue("root".equals(System.getProperty("user.name")), "sshd needs root to log in");
    OpenSshTools.assumeInstalled();
    for (String type : List.of("ed25519", "rsa", "ecdsa")) {
      OpenSshTools.keygen(dir.resolve("id_" + type), type, "");
    }
    // RSA only as rsa-sha2-512/256: sshd refuses a client that can sign only with ssh-rsa (SHA-1).
    String keys =
        "PubkeyAcceptedAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";
    sshd = server(dir.resolve("sshd")).config(keys).start();
    curve25519Only =
        server(dir.resolve("sshd-curve25519"))
            .config(keys)
            .config("KexAlgorithms curve25519-sha256")
            .config("HostKeyAlgorithms ssh-ed25519")
            .start();
  }

  /** Logs in the three ssh-keygen keys; DEBUG1 logs the algorithms the tests check. */
  private static OpenSshServer.Builder server(Path serverDir) throws IOException {
    OpenSshServer.Builder builder = OpenSshServer.builder(serverDir).logLevel("DEBUG1");
    for (String type : List.of("ed25519", "rsa", "ecdsa")) {
      builder.authorizedKey(Files.readString(dir.resolve("id_" + type + ".pub")));
    }
    return builder;
  }

  @AfterAll
  static void stopSshd() throws Exception {
    for (OpenSshServer server : new OpenSshServer[] {sshd, curve25519Only}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @ParameterizedTest(name = "ssh-keygen -t {0}")
  @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
  void keyMadeBySshKeygenRunsCommandsWithTheirExitStatus(String type) throws Exception {
    try (SshConnection ssh = SshConnection.open(endpoint(sshd, "id_" + type), null, TIMEOUTS)) {
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
    try (SshConnection ssh = SshConnection.open(endpoint(sshd, "id_ed25519"), null, TIMEOUTS);
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
            SshConnection.open(endpoint(curve25519Only, "id_ed25519"), null, TIMEOUTS);
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

  private static SshEndpoint endpoint(OpenSshServer server, String keyName) throws IOException {
    // The host's line as an operator gets it: ssh-keyscan, as OpenSSH writes it.
    Path knownHosts = server.dir().resolve("known_hosts.scanned");
    if (!Files.exists(knownHosts)) {
      Files.writeString(knownHosts, keyscan(server.port()));
    }
    return new SshEndpoint(
        server.host(),
        server.port(),
        server.user(),
        dir.resolve(keyName).toString(),
        knownHosts.toString());
  }

  private static String keyscan(int port) throws IOException {
    try {
      return OpenSshTools.keyscan(port, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted during ssh-keyscan");
    }
  }
}
