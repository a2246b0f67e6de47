package org.ckanmigrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshConnection#execChunked}: bulk stdout handed over in chunks, against a real server. */
class ChunkedExecIT {

  private static final String COMMAND = "seq 1 2000000";

  @TempDir Path dir;

  @Test
  void bulkOutputArrivesWholeAndInOrderWithItsExitStatus() throws Exception {
    try (SshTestServer server = server();
        SshConnection ssh = connect(server, TIMEOUTS)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (RemoteExec exec = ssh.execChunked(COMMAND)) {
        drainAll(exec.stdoutChunks(), (data, off, len) -> out.write(data, off, len));
        assertThat(exec.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(exec.exitStatus()).isZero();
        assertThat(exec.stdoutChunks().closeReason()).isNull();
      }
      assertThat(out.toByteArray()).isEqualTo(expected());
    }
  }

  @Test
  void consumerBusyLongerThanTheKeepAliveWindowDoesNotCloseTheSession() throws Exception {
    // Keep-alives every 200 ms, 2 missed allowed: a dead link would close the session in 0.6 s.
    SshTimeouts fast =
        new SshTimeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            2,
            Duration.ofMinutes(1));
    try (SshTestServer server = server();
        SshConnection ssh = connect(server, fast)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (RemoteExec exec = ssh.execChunked(COMMAND)) {
        drainAll(
            exec.stdoutChunks(),
            (data, off, len) -> {
              if (out.size() == 0) {
                sleep(3000); // a stuck disk or a busy compressor on the consumer's side
              }
              out.write(data, off, len);
            });
        assertThat(exec.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(exec.exitStatus()).isZero();
      }
      assertThat(out.toByteArray()).isEqualTo(expected());
    }
  }

  @Test
  void whatTheSinkThrowsReachesTheConsumer() throws Exception {
    try (SshTestServer server = server();
        SshConnection ssh = connect(server, TIMEOUTS);
        RemoteExec exec = ssh.execChunked(COMMAND)) {
      IOException full = new IOException("No space left on device");
      assertThatThrownBy(
              () ->
                  drainAll(
                      exec.stdoutChunks(),
                      (data, off, len) -> {
                        throw full;
                      }))
          .isSameAs(full);
    }
  }

  @Test
  void lostLinkEndsTheOutputWithoutExitStatus() throws Exception {
    try (SshTestServer server =
            SshTestServer.builder()
                .authorizedKey(key.getPublic())
                .cutAfterBytes(1_000_000)
                .start();
        SshConnection ssh = connect(server, TIMEOUTS);
        RemoteExec exec = ssh.execChunked(COMMAND)) {
      long[] total = new long[1];
      drainAll(exec.stdoutChunks(), (data, off, len) -> total[0] += len);
      exec.awaitClosed(Duration.ofSeconds(10));
      assertThat(exec.exitStatus()).isNull();
      assertThat(total[0]).isLessThan(expected().length);
    }
  }

  private final KeyPair key = SshKeys.generate();
  private static final SshTimeouts TIMEOUTS = SshTimeouts.defaults(Duration.ofMinutes(1));

  private SshTestServer server() {
    return SshTestServer.builder().authorizedKey(key.getPublic()).start();
  }

  private SshConnection connect(SshTestServer server, SshTimeouts timeouts) throws Exception {
    Path keyFile = SshKeys.writePrivateKey(key, dir.resolve("id_ed25519"));
    Path knownHosts = dir.resolve("known_hosts");
    server.writeKnownHosts(knownHosts);
    return SshConnection.open(
        new SshEndpoint(
            server.host(), server.port(), "root", keyFile.toString(), knownHosts.toString()),
        null,
        timeouts);
  }

  private static void drainAll(StdoutChunks chunks, StdoutChunks.Sink sink) throws Exception {
    while (chunks.drain(sink, Duration.ofSeconds(10)) >= 0) {
      // until the end
    }
  }

  private static byte[] expected() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 2_000_000; i++) {
      text.append(i).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }
}
