package org.ckanmigrate.stack.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTestServerIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final KeyPair clientKey = SshKeys.generate();
  private Path knownHosts;
  private SshClient client;

  @BeforeEach
  void startClient() throws Exception {
    knownHosts = dir.resolve("known_hosts");
    Files.createFile(knownHosts);
    client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(
        new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
    client.addPublicKeyIdentity(clientKey);
    client.start();
  }

  @AfterEach
  void stopClient() throws Exception {
    client.stop();
  }

  private SshTestServer.Builder server() {
    return SshTestServer.builder().authorizedKey(clientKey.getPublic());
  }

  private ClientSession connect(SshTestServer server) throws Exception {
    ClientSession session =
        client.connect("tester", server.host(), server.port()).verify(WAIT).getSession();
    session.auth().verify(WAIT);
    return session;
  }

  private record Result(Integer exitStatus, String out, String err) {}

  private static Result exec(ClientSession session, String command) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(WAIT);
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
      return new Result(
          channel.getExitStatus(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void commandRunsUnderBashAndItsExitStatusReachesTheClient() throws Exception {
    try (SshTestServer server = server().environment("PGPORT", "5999").start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server)) {
        Result result =
            exec(
                session,
                "echo \"$BASH_VERSION\" >/dev/null; echo out-$PGPORT; echo err >&2; exit 3");
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("out-5999\n");
        assertThat(result.err()).isEqualTo("err\n");
      }
      assertThat(server.commands()).hasSize(1);
    }
  }

  @Test
  void pipefailMakesAFailingFirstStageFailThePipe() throws Exception {
    try (SshTestServer server = server().start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server)) {
        assertThat(exec(session, "false | cat").exitStatus()).isZero();
        assertThat(exec(session, "set -o pipefail; false | cat").exitStatus()).isEqualTo(1);
      }
    }
  }

  @Test
  void clientReachesTargetThroughOneJumpHost() throws Exception {
    try (SshTestServer jump = server().forwarding().start();
        SshTestServer target = server().start()) {
      jump.writeKnownHosts(knownHosts);
      target.writeKnownHosts(knownHosts);
      String proxyJump = "tester@" + jump.host() + ":" + jump.port();
      assertThat(execVia(target, proxyJump, "echo via-jump").out()).isEqualTo("via-jump\n");
      assertThat(jump.directTcpip()).containsExactly(target.host() + ":" + target.port());
      assertThat(jump.commands()).isEmpty();
      assertThat(target.commands()).containsExactly("echo via-jump");
    }
  }

  @Test
  void clientReachesTargetThroughTwoJumpHostsChainedHopByHop() throws Exception {
    try (SshTestServer first = server().forwarding().start();
        SshTestServer second = server().forwarding().start();
        SshTestServer target = server().start()) {
      first.writeKnownHosts(knownHosts);
      second.writeKnownHosts(knownHosts);
      target.writeKnownHosts(knownHosts);
      // Each hop names only the hop before it, as ssh_config "Host" entries would.
      Map<String, HostConfigEntry> hops =
          Map.of(
              "hop-1", new HostConfigEntry("hop-1", first.host(), first.port(), "tester"),
              "hop-2",
                  new HostConfigEntry("hop-2", second.host(), second.port(), "tester", "hop-1"));
      client.setHostConfigEntryResolver(
          (host, port, local, user, proxyJump, context) -> hops.get(host));
      assertThat(execVia(target, "hop-2", "echo two-hops").out()).isEqualTo("two-hops\n");
      assertThat(first.directTcpip()).containsExactly(second.host() + ":" + second.port());
      assertThat(second.directTcpip()).containsExactly(target.host() + ":" + target.port());
      assertThat(target.commands()).containsExactly("echo two-hops");
    }
  }

  @Test
  void minaWalksAnInlineProxyJumpListFromTheLastEntry() throws Exception {
    // Pins MINA SSHD 2.20 behaviour: OpenSSH connects "ProxyJump a,b" to a first; MINA connects to
    // b
    // first. Code that needs several hops chains them hop by hop instead (see the test above).
    try (SshTestServer a = server().forwarding().start();
        SshTestServer b = server().forwarding().start();
        SshTestServer target = server().start()) {
      a.writeKnownHosts(knownHosts);
      b.writeKnownHosts(knownHosts);
      target.writeKnownHosts(knownHosts);
      String proxyJump =
          "tester@" + a.host() + ":" + a.port() + ",tester@" + b.host() + ":" + b.port();
      assertThat(execVia(target, proxyJump, "echo inline").out()).isEqualTo("inline\n");
      assertThat(b.directTcpip()).containsExactly(a.host() + ":" + a.port());
      assertThat(a.directTcpip()).containsExactly(target.host() + ":" + target.port());
    }
  }

  private Result execVia(SshTestServer target, String proxyJump, String command) throws Exception {
    HostConfigEntry entry =
        new HostConfigEntry("", target.host(), target.port(), "tester", proxyJump);
    try (ClientSession session = client.connect(entry, null, null).verify(WAIT).getSession()) {
      session.auth().verify(WAIT);
      return exec(session, command);
    }
  }

  @Test
  void sftpWritesAndReadsFilesUnderItsRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("sftp-root"));
    Files.writeString(root.resolve("hello.txt"), "from server");
    try (SshTestServer server = server().sftp(root).start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server);
          SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
        try (var in = sftp.read("/hello.txt")) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo("from server");
        }
        try (var out = sftp.write("/upload.txt")) {
          out.write("from client".getBytes(StandardCharsets.UTF_8));
        }
      }
      assertThat(root.resolve("upload.txt")).hasContent("from client");
    }
  }

  @Test
  void strictKnownHostsVerifierRefusesAnUnknownHostKeyBeforeAuthentication() throws Exception {
    try (SshTestServer server = server().start()) {
      // known_hosts stays empty: the server's key is unknown.
      assertThatThrownBy(
              () -> {
                try (ClientSession session =
                    client
                        .connect("tester", server.host(), server.port())
                        .verify(WAIT)
                        .getSession()) {
                  session.auth().verify(WAIT);
                }
              })
          .isNotNull();
      assertThat(server.authAttempts()).isZero();
      assertThat(server.commands()).isEmpty();
    }
  }

  @Test
  void unknownClientKeyIsRefused() throws Exception {
    try (SshTestServer server =
        SshTestServer.builder().authorizedKey(SshKeys.generate().getPublic()).start()) {
      server.writeKnownHosts(knownHosts);
      assertThatThrownBy(() -> connect(server))
          .hasMessageContaining("No more authentication methods");
      assertThat(server.authAttempts()).isPositive();
    }
  }

  @Test
  void cutAfterBytesDropsTheSessionWithoutAnExitStatus() throws Exception {
    try (SshTestServer server = server().cutAfterBytes(100_000).start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server)) {
        Result result = exec(session, "head -c 1000000 /dev/zero");
        assertThat(result.exitStatus()).isNull();
        assertThat(result.out().length()).isLessThanOrEqualTo(100_000);
      }
    }
  }

  @Test
  void killAfterBytesKillsTheCommandAndReportsItsSignalStatus() throws Exception {
    try (SshTestServer server = server().killAfterBytes(10_000).start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server)) {
        Result result = exec(session, "cat /dev/zero");
        assertThat(result.exitStatus()).isEqualTo(137);
      }
    }
  }

  @Test
  void throttleSlowsTheOutputDown() throws Exception {
    try (SshTestServer server = server().throttle(200_000).start()) {
      server.writeKnownHosts(knownHosts);
      try (ClientSession session = connect(server)) {
        long start = System.nanoTime();
        Result result = exec(session, "head -c 200000 /dev/zero");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.exitStatus()).isZero();
        assertThat(millis).isGreaterThanOrEqualTo(600);
      }
    }
  }

  @Test
  void disconnectAllDropsOpenSessions() throws Exception {
    try (SshTestServer server = server().start()) {
      server.writeKnownHosts(knownHosts);
      ClientSession session = connect(server);
      server.disconnectAll();
      org.awaitility.Awaitility.await().atMost(WAIT).until(session::isClosed);
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> server.activeSessions() == 0);
    }
  }
}
