package org.ckanmigrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key files and known_hosts lines operators have, made by OpenSSH's own ssh-keygen and
 * ssh-keyscan, against a real SSH server (MINA) whose host key is Ed25519, as most servers offer.
 */
class SshKeyFormatsIT {

  private static final SshTimeouts TIMEOUTS = SshTimeouts.defaults(Duration.ofMinutes(1));

  @TempDir Path dir;

  @BeforeAll
  static void openSshTools() {
    OpenSshTools.assumeInstalled();
  }

  @ParameterizedTest(name = "ssh-keygen -t {0} {1}")
  @CsvSource({"ed25519,''", "rsa,''", "ecdsa,''", "rsa,-m PEM"})
  void keyMadeBySshKeygenLogsInToHostListedBySshKeyscan(String type, String format)
      throws Exception {
    String[] extra = format.isEmpty() ? new String[0] : format.split(" ");
    Path key = OpenSshTools.keygen(dir.resolve("id_" + type), type, "", extra);
    try (SshTestServer server =
        SshTestServer.builder()
            .hostKey(SshKeys.generate(SshKeys.KeyType.ED25519))
            .authorizedKey(OpenSshTools.publicKey(key))
            .start()) {
      String scanned = OpenSshTools.keyscan(server.port(), false);
      assertThat(scanned)
          .contains("[127.0.0.1]:" + server.port() + " ssh-ed25519 AAAA")
          .contains(SshKeys.publicKeyLine(server.hostPublicKey()));
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), scanned);

      try (SshConnection ssh =
              SshConnection.open(endpoint(server, key, knownHosts), null, TIMEOUTS);
          RemoteExec echo = ssh.exec("echo key-" + type)) {
        String out = new String(echo.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(echo.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(out).isEqualTo("key-" + type + "\n");
        assertThat(echo.exitStatus()).isZero();
        assertThat(ssh.serverKeyFingerprint()).isEqualTo(server.hostKeyFingerprint());
      }
    }
  }

  @Test
  void hashedKnownHostsLineOfEd25519HostIsAccepted() throws Exception {
    Path key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519", "");
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      String scanned = OpenSshTools.keyscan(server.port(), true);
      assertThat(scanned).startsWith("|1|").doesNotContain("127.0.0.1");
      // Other hosts' lines, including types this client cannot read, do not stop the connection.
      Path knownHosts =
          Files.writeString(
              dir.resolve("known_hosts"),
              "other.example.org ssh-foo AAAAB3NzaC1mb28=\n"
                  + "@cert-authority *.example.org "
                  + SshKeys.publicKeyLine(SshKeys.generate().getPublic())
                  + "\n"
                  + scanned);

      try (SshConnection ssh =
              SshConnection.open(endpoint(server, key, knownHosts), null, TIMEOUTS);
          RemoteExec exec = ssh.exec("true")) {
        assertThat(exec.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(exec.exitStatus()).isZero();
      }
    }
  }

  @Test
  void changedEd25519HostKeyIsRefusedBeforeAuthentication() throws Exception {
    Path key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519", "");
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      PublicKey listed = SshKeys.generate().getPublic();
      Path knownHosts =
          Files.writeString(
              dir.resolve("known_hosts"),
              "[127.0.0.1]:" + server.port() + " " + SshKeys.publicKeyLine(listed) + "\n");

      assertThatThrownBy(
              () -> SshConnection.open(endpoint(server, key, knownHosts), null, TIMEOUTS).close())
          .isInstanceOfSatisfying(
              SshFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HOST_KEY_MISMATCH))
          .hasMessageContaining("ssh-ed25519 " + server.hostKeyFingerprint())
          .hasMessageContaining("ssh-ed25519 " + SshKeys.fingerprint(listed));
      assertThat(server.authAttempts()).isZero();
    }
  }

  @Test
  void hostKeyMarkedRevokedIsRefusedEvenWhenAlsoListed() throws Exception {
    Path key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519", "");
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      Path knownHosts =
          Files.writeString(
              dir.resolve("known_hosts"),
              server.knownHostsLine() + "\n@revoked " + server.knownHostsLine() + "\n");

      assertThatThrownBy(
              () -> SshConnection.open(endpoint(server, key, knownHosts), null, TIMEOUTS).close())
          .isInstanceOfSatisfying(
              SshFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HOST_KEY_MISMATCH))
          .hasMessageContaining("@revoked");
      assertThat(server.authAttempts()).isZero();
    }
  }

  @Test
  void unknownHostNamesTheLinesForItThatCouldNotBeRead() throws Exception {
    Path key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519", "");
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      Path knownHosts =
          Files.writeString(
              dir.resolve("known_hosts"),
              "[127.0.0.1]:" + server.port() + " ssh-foo AAAAB3NzaC1mb28=\n");

      assertThatThrownBy(
              () -> SshConnection.open(endpoint(server, key, knownHosts), null, TIMEOUTS).close())
          .isInstanceOfSatisfying(
              SshFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HOST_KEY_UNKNOWN))
          .hasMessageContaining("offered ssh-ed25519 " + server.hostKeyFingerprint())
          .hasMessageContaining("ssh-foo (key type not supported) in " + knownHosts);
    }
  }

  @ParameterizedTest(name = "ssh-keygen -t {0} {1} -N <passphrase>")
  @CsvSource({"ed25519,''", "rsa,-m PEM"})
  void keyWithPassphraseIsRefusedBeforeConnectingWithWhatToDo(String type, String format)
      throws Exception {
    String passphrase = "correct horse battery staple";
    String[] extra = format.isEmpty() ? new String[0] : format.split(" ");
    Path key = OpenSshTools.keygen(dir.resolve("id_" + type), type, passphrase, extra);
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      server.writeKnownHosts(dir.resolve("known_hosts"));

      assertThatThrownBy(
              () ->
                  SshConnection.open(
                          endpoint(server, key, dir.resolve("known_hosts")), null, TIMEOUTS)
                      .close())
          .isInstanceOfSatisfying(
              SshFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED))
          .hasMessageContaining(key + " for root@127.0.0.1:" + server.port())
          .hasMessageContaining("is encrypted with a passphrase")
          .hasMessageContaining("ssh-keygen -t ed25519 -N '' -f")
          .hasMessageNotContaining(passphrase);
      assertThat(server.authAttempts()).isZero();
      assertThat(server.activeSessions()).isZero();
    }
  }

  @Test
  void publicKeyFileGivenAsPrivateKeyIsNamedAsSuch() throws Exception {
    Path key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519", "");
    try (SshTestServer server = ed25519Server(OpenSshTools.publicKey(key))) {
      server.writeKnownHosts(dir.resolve("known_hosts"));
      Path pub = Path.of(key + ".pub");

      assertThatThrownBy(
              () ->
                  SshConnection.open(
                          endpoint(server, pub, dir.resolve("known_hosts")), null, TIMEOUTS)
                      .close())
          .isInstanceOfSatisfying(
              SshFailure.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED))
          .hasMessageContaining("holds a public key line: give the private key file");
    }
  }

  @Test
  void sha1RsaSignatureIsNotOffered() {
    List<String> names =
        SshConnection.withoutSha1Rsa(
                org.apache.sshd.client.SshClient.setUpDefaultClient().getSignatureFactories())
            .stream()
            .map(f -> f.getName())
            .toList();
    assertThat(names)
        .contains("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256")
        .doesNotContain("ssh-rsa", "ssh-rsa-cert-v01@openssh.com");
  }

  private static SshTestServer ed25519Server(PublicKey authorized) {
    KeyPair hostKey = SshKeys.generate(SshKeys.KeyType.ED25519);
    return SshTestServer.builder().hostKey(hostKey).authorizedKey(authorized).start();
  }

  private static SshEndpoint endpoint(SshTestServer server, Path key, Path knownHosts)
      throws IOException {
    return new SshEndpoint(
        server.host(), server.port(), "root", key.toString(), knownHosts.toString());
  }
}
