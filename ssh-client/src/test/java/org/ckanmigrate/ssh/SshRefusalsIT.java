package org.ckanmigrate.ssh;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a host that answers but will not let the client in is told apart: from the SSH disconnect
 * reason MINA attaches (RFC 4253 section 11.1), not from its message text.
 */
class SshRefusalsIT {

  private static final SshTimeouts TIMEOUTS = SshTimeouts.defaults(Duration.ofMinutes(1));

  @TempDir Path dir;

  @Test
  void aKeyTheHostDoesNotAuthorizeIsAnAuthenticationFailure() throws Exception {
    KeyPair client = SshKeys.generate();
    try (SshTestServer host =
        SshTestServer.builder().authorizedKey(SshKeys.generate().getPublic()).start()) {
      assertThatThrownBy(() -> SshConnection.open(endpoint(host, client), null, TIMEOUTS))
          .isInstanceOfSatisfying(
              SshFailure.class,
              e -> {
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.AUTH_FAILED);
                org.assertj.core.api.Assertions.assertThat(e.getMessage())
                    .contains("public-key authentication refused")
                    .contains("authorized_keys");
              });
    }
  }

  @Test
  void aHostWithNoCipherInCommonIsNamedAsAnAlgorithmMismatch() throws Exception {
    KeyPair client = SshKeys.generate();
    try (SshTestServer host =
        SshTestServer.builder()
            .authorizedKey(client.getPublic())
            .onlyCipher(BuiltinCiphers.aes128cbc) // CBC: this client offers GCM, ChaCha20, CTR
            .start()) {
      assertThatThrownBy(() -> SshConnection.open(endpoint(host, client), null, TIMEOUTS))
          .isInstanceOfSatisfying(
              SshFailure.class,
              e -> {
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.CONNECT_TIMEOUT);
                org.assertj.core.api.Assertions.assertThat(e.getMessage())
                    .contains("could not agree on algorithms")
                    .contains("too old or restricted");
              });
    }
  }

  private SshEndpoint endpoint(SshTestServer host, KeyPair client) throws Exception {
    Path key = SshKeys.writePrivateKey(client, dir.resolve("id-" + System.nanoTime()));
    Path knownHosts = dir.resolve("known_hosts-" + System.nanoTime());
    host.writeKnownHosts(knownHosts);
    return new SshEndpoint(host.host(), host.port(), "ckan", key.toString(), knownHosts.toString());
  }
}
