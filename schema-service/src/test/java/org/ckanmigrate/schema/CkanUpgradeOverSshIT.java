package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ckanmigrate.schema.CkanFixtures.count;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.schema.upgrade.CommandOutcome;
import org.ckanmigrate.schema.upgrade.SshCommandRunner;
import org.ckanmigrate.ssh.SshTimeouts;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CKAN's upgrade run on "the CKAN host" over SSH: a real MINA SSH server whose exec commands run
 * with bash on this machine and whose SFTP root is {@code /}, so the host's paths are this
 * machine's. Like OpenSSH's sshd, it gives commands the channel as their stdin and lets them run on
 * when their channel or session closes: only the runner's own guards stop them.
 */
class CkanUpgradeOverSshIT {

  private static final KeyPair CLIENT = SshKeys.generate();

  @TempDir static Path keys;

  private static SshTestServer ssh;
  private static Path keyFile;
  private static Path knownHosts;

  @TempDir Path ckanDir;

  @BeforeAll
  static void startCkanHost() {
    ssh =
        SshTestServer.builder()
            .authorizedKey(CLIENT.getPublic())
            .sftp(Path.of("/"))
            .stdinFromChannel()
            .commandsOutliveChannels()
            .start();
    keyFile = SshKeys.writePrivateKey(CLIENT, keys.resolve("id_ecdsa"));
    knownHosts = keys.resolve("known_hosts");
    ssh.writeKnownHosts(knownHosts);
  }

  @AfterAll
  static void stopCkanHost() {
    ssh.close();
  }

  private static SshEndpoint ckanHost(Path knownHostsFile) {
    return new SshEndpoint(
        ssh.host(), ssh.port(), "ckan", keyFile.toString(), knownHostsFile.toString());
  }

  private static SchemaSpec spec(
      Path ini, String template, SshEndpoint host, List<String> harvest, Duration timeout) {
    return spec(ini, template, host, List.of(), harvest, timeout);
  }

  private static SchemaSpec spec(
      Path ini,
      String template,
      SshEndpoint host,
      List<SshEndpoint> jumps,
      List<String> harvest,
      Duration timeout) {
    return SchemaSpec.builder()
        .migrationSet(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK)
        .parameters(Map.of())
        .keepSysadmins(List.of("user_d3"))
        .upgradeCommand(template)
        .iniPath(ini.toString())
        .harvestPlugins(harvest)
        .upgradeHost(host)
        .tags(SchemaSpec.Tags.KEEP)
        .ckanVersion("2.7.4")
        .upgradeTimeout(timeout)
        .upgradeJumpHosts(jumps)
        .build();
  }

  /** Both passes of FakeCkan on the CKAN host, reached through {@code jump} as user ops. */
  private static SchemaRequest throughJumpHost(
      String runId,
      TestDatabase db,
      Path ini,
      SshTestServer jump,
      KeyPair jumpKey,
      Path jumpKnownHosts) {
    SshEndpoint bastion =
        new SshEndpoint(
            jump.host(),
            jump.port(),
            "ops",
            SshKeys.writePrivateKey(jumpKey, keys.resolve("id_jump-" + jump.port())).toString(),
            jumpKnownHosts.toString());
    return new SchemaRequest(
        runId,
        CkanFixtures.dataSource(db),
        spec(
            ini, CkanUpgradeIT.fakeCkan("85"), ckanHost(knownHosts), List.of(bastion), null, null));
  }

  private List<String> ckanDirFiles() throws Exception {
    try (var files = Files.list(ckanDir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void upgradesThroughAJumpHostWhoseKeyIsCheckedToo() throws Exception {
    KeyPair jumpKey = SshKeys.generate();
    try (SshTestServer jump =
            SshTestServer.builder().authorizedKey(jumpKey.getPublic()).forwarding().start();
        TestDatabase db = CkanUpgradeIT.seeded("ssh_upgrade_jump")) {
      Path jumpKnownHosts = keys.resolve("known_hosts_jump-" + jump.port());
      jump.writeKnownHosts(jumpKnownHosts);
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      int commandsBefore = ssh.commands().size();

      // The request first: it registers the command the migrator must know.
      SchemaRequest request =
          throughJumpHost("run-ssh-jump", db, ini, jump, jumpKey, jumpKnownHosts);
      SchemaResult result = TestUpgradeCommands.migrator().migrate(request);

      assertThat(result.versionAfter().version()).isEqualTo("85");
      assertThat(result.harvest().complete()).isTrue();
      assertThat(ssh.commands().subList(commandsBefore, ssh.commands().size())).hasSize(2);
      // Every connection to the CKAN host (ini copy, two passes, clean-up) went via the jump host.
      assertThat(jump.directTcpip())
          .isNotEmpty()
          .allMatch(hop -> hop.equals(ssh.host() + ":" + ssh.port()));
    }
  }

  @Test
  void aJumpHostWithAnUnknownKeyIsRefusedBeforeTheCkanHostIsReached() throws Exception {
    KeyPair jumpKey = SshKeys.generate();
    try (SshTestServer jump =
            SshTestServer.builder().authorizedKey(jumpKey.getPublic()).forwarding().start();
        TestDatabase db = CkanFixtures.ckan22Database("ssh_jump_unknown")) {
      Path none = Files.writeString(keys.resolve("known_hosts_none-" + jump.port()), "");
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      byte[] iniBefore = Files.readAllBytes(ini);
      int commandsBefore = ssh.commands().size();

      SchemaRequest request = throughJumpHost("run-ssh-jump-k", db, ini, jump, jumpKey, none);
      assertThatThrownBy(() -> TestUpgradeCommands.migrator().migrate(request))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("sshFailure", "HOST_KEY_UNKNOWN");
                // The message names the jump host, not the CKAN host behind it.
                assertThat(e.getMessage())
                    .contains("]:" + jump.port() + " is not in known_hosts")
                    .contains("known_hosts_none-" + jump.port());
              });
      assertThat(jump.directTcpip()).as("no hop opened past the unverified jump host").isEmpty();
      assertThat(ssh.commands()).hasSize(commandsBefore);
      assertThat(Files.readAllBytes(ini)).isEqualTo(iniBefore);
    }
  }

  @Test
  void upgradesTwiceOnTheCkanHostAndEveryHarvestSourceGetsItsDataset() throws Exception {
    try (TestDatabase db = CkanUpgradeIT.seeded("ssh_upgrade_ok")) {
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      byte[] iniBefore = Files.readAllBytes(ini);
      Path modes = keys.resolve("modes-" + System.nanoTime());
      // Records the mode of the ini each pass is given, then runs FakeCkan as CKAN's command.
      String template =
          "bash -c 'stat -c %a \"${@: -1}\" >> "
              + modes
              + "; exec \"$@\"' fake-ckan "
              + CkanUpgradeIT.fakeCkanTemplate("85");
      int commandsBefore = ssh.commands().size();
      String command = TestUpgradeCommands.named(template); // before the migrator that knows it

      SchemaResult result =
          TestUpgradeCommands.migrator()
              .migrate(
                  new SchemaRequest(
                      "run-ssh",
                      CkanFixtures.dataSource(db),
                      spec(ini, command, ckanHost(knownHosts), null, null)));

      assertThat(result.versionBefore().version()).isEqualTo("71");
      assertThat(result.versionAfter().version()).isEqualTo("85");
      assertThat(result.upgrade().passes()).extracting(p -> p.exitStatus()).containsExactly(0, 0);
      assertThat(result.harvest().activeSources()).isEqualTo(2);
      assertThat(result.harvest().activeHarvestPackages()).isEqualTo(2);
      assertThat(result.harvest().missingSources()).isEmpty();
      assertThat(result.harvest().complete()).isTrue();
      // Both passes ran over SSH, each wrapped in coreutils timeout, pass 1 on the private copy.
      List<String> commands = ssh.commands().subList(commandsBefore, ssh.commands().size());
      assertThat(commands).hasSize(2).allMatch(c -> c.startsWith("'sh' '-c' 't=$1; k=$2;"));
      assertThat(commands.get(0)).contains(".ckan.ckan-migrate-pass1.ini");
      assertThat(commands.get(1)).contains("'" + ini + "'");
      // The pass-1 ini was owner-only while CKAN read it; the real one is as it was.
      String realMode =
          Integer.toOctalString(
              Files.getPosixFilePermissions(ini).stream()
                  .mapToInt(p -> 1 << (8 - p.ordinal()))
                  .sum());
      assertThat(Files.readAllLines(modes)).containsExactly("600", realMode);
      assertThat(Files.readAllBytes(ini)).isEqualTo(iniBefore);
      assertThat(ckanDirFiles()).containsExactly("ckan.ini");
      try (Connection c = db.connect()) {
        assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'harvest'")).isEqualTo(2);
      }
    }
  }

  @Test
  void ckanFailingOnTheHostFailsThePassWithItsOutputAndExitStatus() throws Exception {
    try (TestDatabase db = CkanUpgradeIT.seeded("ssh_upgrade_harvest")) {
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      SchemaSpec spec =
          spec(
              ini,
              CkanUpgradeIT.fakeCkan("85"),
              ckanHost(knownHosts),
              List.of("no_such_plugin"),
              null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-ssh-h", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("pass", "1").doesNotContainKey("sshFailure");
                assertThat(e.details().get("outputExcerpt"))
                    .contains("Loading config")
                    .contains("column package.metadata_created does not exist");
                assertThat(e.getMessage()).contains("exited with status 1");
              });
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT version FROM migrate_version")).isEqualTo("71");
      }
      assertThat(ckanDirFiles()).containsExactly("ckan.ini");
    }
  }

  @Test
  void unknownHostKeyIsRefusedBeforeAnythingRunsOrChanges() throws Exception {
    Path empty = Files.writeString(keys.resolve("known_hosts_empty"), "");
    assertRefusedBeforeAnything(empty, "HOST_KEY_UNKNOWN", "is not in known_hosts");
  }

  @Test
  void changedHostKeyIsRefusedBeforeAnythingRunsOrChanges() throws Exception {
    Path other =
        Files.writeString(
            keys.resolve("known_hosts_other"),
            "["
                + ssh.host()
                + "]:"
                + ssh.port()
                + " "
                + PublicKeyEntry.toString(SshKeys.generate().getPublic())
                + "\n");
    assertRefusedBeforeAnything(other, "HOST_KEY_MISMATCH", "has CHANGED");
  }

  private void assertRefusedBeforeAnything(Path knownHostsFile, String reason, String message)
      throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("ssh_refused")) {
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      byte[] iniBefore = Files.readAllBytes(ini);
      int commandsBefore = ssh.commands().size();
      int authBefore = ssh.authAttempts();
      SchemaSpec spec =
          spec(ini, CkanUpgradeIT.fakeCkan("85"), ckanHost(knownHostsFile), null, null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-ssh-k", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("sshFailure", reason);
                assertThat(e.getMessage())
                    .contains(reason)
                    .contains(message)
                    .contains(ssh.hostKeyFingerprint());
              });
      assertThat(ssh.commands()).hasSize(commandsBefore);
      assertThat(ssh.authAttempts()).as("refused before authentication").isEqualTo(authBefore);
      assertThat(Files.readAllBytes(ini)).isEqualTo(iniBefore);
      assertThat(ckanDirFiles()).containsExactly("ckan.ini");
      try (Connection c = db.connect()) {
        assertThat(
                count(
                    c,
                    "SELECT count(*) FROM information_schema.schemata"
                        + " WHERE schema_name = 'ckan_migrate'"))
            .as("the target untouched")
            .isZero();
        assertThat(one(c, "SELECT version FROM migrate_version")).isEqualTo("71");
      }
    }
  }

  @Test
  void tempIniIsWrittenOwnerOnlyReplacingALeftoverAndDeleted() throws Exception {
    SshCommandRunner runner = new SshCommandRunner(ckanHost(knownHosts));
    Path leftover = ckanDir.resolve(".ckan.ckan-migrate-pass1.ini");
    Files.writeString(leftover, "left over by a crashed run, longer than what replaces it\n");
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));

    runner.writePrivateFile(leftover.toString(), "sqlalchemy.url = secret\n".getBytes());

    assertThat(Files.getPosixFilePermissions(leftover))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(leftover)).isEqualTo("sqlalchemy.url = secret\n");
    assertThat(runner.readFile(leftover.toString()))
        .isEqualTo("sqlalchemy.url = secret\n".getBytes(StandardCharsets.UTF_8));

    runner.deleteFile(leftover.toString());
    runner.deleteFile(leftover.toString());

    assertThat(leftover).doesNotExist();
  }

  @Test
  void timeoutStopsTheCommandOnTheHost() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("ssh_timeout")) {
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      Path late = ckanDir.resolve("would-have-run-on");
      SchemaSpec spec =
          SchemaSpec.builder()
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .upgradeCommand(
                  TestUpgradeCommands.named(
                      "bash -c \"echo starting; sleep 3; touch " + late + "\" {ini}"))
              .iniPath(ini.toString())
              .upgradeHost(ckanHost(knownHosts))
              .ckanVersion("2.7.4")
              .upgradeTimeout(Duration.ofSeconds(1))
              .build();
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-ssh-t", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.getMessage()).contains("timed out after PT1S");
                assertThat(e.details().get("outputExcerpt")).isEqualTo("starting");
              });
      // The exit status came from the host's timeout: the client alone would wait 30 s more.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      TimeUnit.SECONDS.sleep(4);
      assertThat(late).as("the command was really stopped").doesNotExist();
    }
  }

  @Test
  void commandIgnoringTermIsKilledAfterTheGrace() throws Exception {
    SshCommandRunner runner =
        new SshCommandRunner(
            ckanHost(knownHosts),
            List.of(),
            SshTimeouts.defaults(Duration.ofMinutes(10)),
            Duration.ofSeconds(1));
    Path late = ckanDir.resolve("would-have-run-on");
    List<String> output = new CopyOnWriteArrayList<>();

    CommandOutcome outcome =
        runner.run(
            List.of("bash", "-c", "trap '' TERM; echo started; sleep 4; touch " + late),
            Duration.ofSeconds(1),
            output::add);

    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.elapsed()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    // (bash may also report its child "Killed" in the moment before the KILL reaches it too.)
    assertThat(output).first().isEqualTo("started");
    TimeUnit.SECONDS.sleep(4);
    assertThat(late).as("the command was really killed").doesNotExist();
  }

  @Test
  void linkCutMidCommandFailsThePhase() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("ssh_cut")) {
      Path ini = CkanUpgradeIT.writeIni(ckanDir, db);
      Path started = ckanDir.resolve("started");
      Path late = ckanDir.resolve("would-have-run-on");
      SchemaSpec spec =
          SchemaSpec.builder()
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .upgradeCommand(
                  TestUpgradeCommands.named(
                      "bash -c \"touch "
                          + started
                          + "; echo working; sleep 3; touch "
                          + late
                          + "\" {ini}"))
              .iniPath(ini.toString())
              .upgradeHost(ckanHost(knownHosts))
              .ckanVersion("2.7.4")
              .upgradeTimeout(Duration.ofMinutes(5))
              .build();
      CompletableFuture<SchemaResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-ssh-c", CkanFixtures.dataSource(db), spec)));
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));

      ssh.disconnectAll();

      assertThatThrownBy(() -> run.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("pass", "1");
                assertThat(e.getMessage())
                    .contains("was lost")
                    .contains("before bash's exit status arrived");
              });
      List<String> left = new ArrayList<>(ckanDirFiles());
      left.remove("started");
      assertThat(left).as("the temporary ini removed").containsExactly("ckan.ini");
      // The server let the command run on; the wrapper's watcher saw its stdin end and stopped it.
      TimeUnit.SECONDS.sleep(4);
      assertThat(late).as("the command was stopped on the host").doesNotExist();
    }
  }
}
