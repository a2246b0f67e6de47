package org.ckanmigrate.dump.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.contract.spec.TransferSpec;
import org.ckanmigrate.dump.DumpControl;
import org.ckanmigrate.dump.DumpFailedException;
import org.ckanmigrate.dump.DumpSettings;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.ckanmigrate.stack.ssh.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SFTP uploads through a real jump host (in-process MINA SSHD servers). */
class ArtifactTransferIT {

  private static final int ARTIFACT_BYTES = 8 * 1024 * 1024;

  @TempDir Path dir;
  private final KeyPair jumpKey = SshKeys.generate();
  private final KeyPair sftpKey = SshKeys.generate();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ArtifactTransfer transfer = new ArtifactTransfer(DumpSettings.defaults());
  private Path knownHosts;
  private Path remoteRoot;
  private Path artifact;
  private Path manifest;
  private String runId;
  private SshTestServer jump;
  private SshTestServer sftp;

  @BeforeEach
  void setUp() throws Exception {
    knownHosts = dir.resolve("known_hosts");
    Files.createFile(knownHosts);
    remoteRoot = Files.createDirectories(dir.resolve("remote"));
    runId = UUID.randomUUID().toString();
    Path local = Files.createDirectories(dir.resolve("local").resolve(runId));
    byte[] content = new byte[ARTIFACT_BYTES];
    new Random(42).nextBytes(content);
    artifact = Files.write(local.resolve("ckan.sql.gz"), content);
    manifest =
        Files.writeString(
            local.resolve("ckan.manifest.json"), "{\"sha256\":\"" + sha256(artifact) + "\"}");
    jump =
        closeLater(SshTestServer.builder().authorizedKey(jumpKey.getPublic()).forwarding().start());
    sftp =
        closeLater(
            SshTestServer.builder().authorizedKey(sftpKey.getPublic()).sftp(remoteRoot).start());
  }

  @AfterEach
  void closeServers() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private SshEndpoint endpoint(int port, KeyPair key, String name) {
    Path keyFile = SshKeys.writePrivateKey(key, dir.resolve(name + "_key"));
    return new SshEndpoint(
        SshTestServer.HOST, port, "loader", keyFile.toString(), knownHosts.toString());
  }

  private TransferSpec spec() {
    return new TransferSpec(endpoint(sftp.port(), sftpKey, "sftp"), "/incoming/dumps/");
  }

  private TransferResult upload(List<SshEndpoint> jumps, DumpControl control)
      throws DumpFailedException {
    return transfer.upload(spec(), jumps, runId, artifact, manifest, sha256(artifact), control);
  }

  private Path remote(String name) {
    return remoteRoot.resolve("incoming/dumps").resolve(runId).resolve(name);
  }

  @Test
  void uploadThroughAJumpHostLandsTheArtifactWithTheLocalSha256() throws Exception {
    jump.writeKnownHosts(knownHosts);
    sftp.writeKnownHosts(knownHosts);

    TransferResult result =
        upload(List.of(endpoint(jump.port(), jumpKey, "jump")), DumpControl.NONE);

    assertThat(result.remoteArtifact()).isEqualTo("/incoming/dumps/" + runId + "/ckan.sql.gz");
    assertThat(result.remoteManifest())
        .isEqualTo("/incoming/dumps/" + runId + "/ckan.manifest.json");
    assertThat(sha256(remote("ckan.sql.gz"))).isEqualTo(sha256(artifact));
    assertThat(Files.readString(remote("ckan.manifest.json")))
        .isEqualTo(Files.readString(manifest));
    assertThat(remote("ckan.sql.gz.part")).doesNotExist();
    assertThat(result.resumedFromBytes()).isZero();
    assertThat(result.bytesSent()).isEqualTo(ARTIFACT_BYTES + Files.size(manifest));
    assertThat(jump.directTcpip()).contains(SshTestServer.HOST + ":" + sftp.port());

    TransferResult again =
        upload(List.of(endpoint(jump.port(), jumpKey, "jump")), DumpControl.NONE);
    assertThat(again.alreadyPresent()).isTrue();
    assertThat(again.bytesSent()).isZero();
  }

  @Test
  void uploadCutMidwayResumesFromTheRemotePartsSize() throws Exception {
    TcpProxy link = closeLater(TcpProxy.to(jump.host(), jump.port()));
    Files.writeString(knownHosts, jump.knownHostsLine(link.port()) + "\n");
    sftp.writeKnownHosts(knownHosts);
    List<SshEndpoint> jumps = List.of(endpoint(link.port(), jumpKey, "jump"));
    AtomicBoolean cut = new AtomicBoolean();
    DumpControl cutAt3Mb =
        new DumpControl(
            () -> false,
            bytes -> {
              if (bytes >= 3 * 1024 * 1024 && cut.compareAndSet(false, true)) {
                link.cut();
              }
            });

    assertThatThrownBy(() -> upload(jumps, cutAt3Mb))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TRANSFER_FAILED);
              assertThat(e.getMessage())
                  .contains("127.0.0.1:" + sftp.port())
                  .contains("ckan.sql.gz.part");
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> sftp.activeSessions() == 0);
    long partial = Files.size(remote("ckan.sql.gz.part"));
    assertThat(partial).isPositive().isLessThan(ARTIFACT_BYTES);
    assertThat(remote("ckan.sql.gz")).doesNotExist();

    TransferResult resumed = upload(jumps, DumpControl.NONE);

    assertThat(resumed.resumedFromBytes()).isEqualTo(partial);
    assertThat(resumed.bytesSent()).isEqualTo(ARTIFACT_BYTES - partial + Files.size(manifest));
    assertThat(sha256(remote("ckan.sql.gz"))).isEqualTo(sha256(artifact));
    assertThat(remote("ckan.sql.gz.part")).doesNotExist();
  }

  @Test
  void aChangedRemotePartIsCaughtBySha256AndRemoved() throws Exception {
    jump.writeKnownHosts(knownHosts);
    sftp.writeKnownHosts(knownHosts);
    List<SshEndpoint> jumps = List.of(endpoint(jump.port(), jumpKey, "jump"));
    // A .part whose bytes differ from the artifact's first megabyte (another run's file, a
    // corrupted disk): resuming after it yields a file of the right size but the wrong content.
    Files.createDirectories(remote("ckan.sql.gz.part").getParent());
    Files.write(remote("ckan.sql.gz.part"), new byte[1024 * 1024]);

    assertThatThrownBy(() -> upload(jumps, DumpControl.NONE))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TRANSFER_FAILED);
              assertThat(e.getMessage())
                  .contains("SHA-256")
                  .contains("127.0.0.1:" + sftp.port())
                  .contains("/incoming/dumps/" + runId + "/ckan.sql.gz.part")
                  .contains("expected " + sha256(artifact));
            });
    assertThat(remote("ckan.sql.gz.part")).doesNotExist();
    assertThat(remote("ckan.sql.gz")).doesNotExist();

    TransferResult retried = upload(jumps, DumpControl.NONE);
    assertThat(retried.resumedFromBytes()).isZero();
    assertThat(sha256(remote("ckan.sql.gz"))).isEqualTo(sha256(artifact));
  }

  @Test
  void anUnknownSftpHostKeyIsRefusedBeforeAuthentication() throws Exception {
    jump.writeKnownHosts(knownHosts);

    assertThatThrownBy(
            () -> upload(List.of(endpoint(jump.port(), jumpKey, "jump")), DumpControl.NONE))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.HOST_KEY_UNKNOWN);
              assertThat(e.getMessage())
                  .contains("127.0.0.1]:" + sftp.port())
                  .contains(sftp.hostKeyFingerprint());
            });
    assertThat(sftp.authAttempts()).isZero();
    try (var files = Files.list(remoteRoot)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aRemoteDirWithParentSegmentsIsRejected() {
    assertThatThrownBy(() -> ArtifactTransfer.remoteDir("/srv/../etc"))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
  }

  private static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
