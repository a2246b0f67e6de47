package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.process.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs never share a target, and a load interrupted at its swap resumes instead of refusing or
 * loading twice: the target lock, the swap's re-check and the run's mark on the database it swaps
 * in, each against the real server (and a real process halted at the swap's crash points).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoaderTargetSafetyIT {

  @TempDir static Path shared;
  static TestDatabase source;
  static Path artifact; // in the dump phase's layout, with its manifest (row counts, SHA-256)
  static PgFixtures.Snapshot sourceSnapshot;

  @TempDir Path work;
  String target;
  final List<Thread> threads = new ArrayList<>();

  @BeforeAll
  static void dumpSource() throws Exception {
    source = GeneratedDump.createSource();
    Path plain = GeneratedDump.dump(source, shared, "generated.sql");
    artifact = shared.resolve("members").resolve("generated.sql" + Codec.DEFAULT.suffix());
    Files.createDirectories(artifact.getParent());
    DumpPhaseArtifact.write(
        Files.readAllBytes(plain), Codec.DEFAULT, 1 << 16, artifact, source.name(), true);
    sourceSnapshot = PgFixtures.snapshot(source.name());
  }

  @AfterAll
  static void dropSource() {
    source.close();
  }

  @BeforeEach
  void name() {
    target = PgFixtures.newTargetName("ld_safe");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Thread t : threads) {
      t.interrupt();
      t.join(60_000);
    }
    PgFixtures.server().dropDatabase(target);
    for (String left : PgFixtures.loaderLeftovers(target)) {
      PgFixtures.server().dropDatabase(left);
    }
  }

  private LoadRequest request(String runId, boolean replace, LoadRequest.Options options)
      throws Exception {
    return new LoadRequest(
        runId, artifact, null, null, null, PgFixtures.target(work, target, replace, 2), options);
  }

  /** Options whose progress callback parks the load after its first table until released. */
  private static LoadRequest.Options parkedAfterFirstTable(
      CountDownLatch parked, CountDownLatch release) {
    LoadRequest.Options d = LoadRequest.Options.defaults();
    return new LoadRequest.Options(
        d.spoolDir(),
        d.sessionSettings(),
        d.replicaRole(),
        rows -> {
          parked.countDown();
          try {
            release.await(2, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private Thread inBackground(LoadRequest request, AtomicReference<Object> outcome) {
    Thread t =
        new Thread(
            () -> {
              try {
                outcome.set(new Loader().load(request));
              } catch (Throwable e) {
                outcome.set(e);
              }
            },
            "load-" + request.runId());
    threads.add(t);
    t.start();
    return t;
  }

  @Test
  void aSecondRunIntoTheSameTargetIsRefusedNamingTheRunThatHoldsIt() throws Exception {
    CountDownLatch parked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Object> first = new AtomicReference<>();
    Thread a = inBackground(request("run-a", false, parkedAfterFirstTable(parked, release)), first);
    assertThat(parked.await(2, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> new Loader().load(request("run-b", false, null)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TARGET_BUSY);
              assertThat(e.getMessage()).contains(target).contains("run run-a");
            });

    release.countDown();
    a.join(120_000);
    assertThat(first.get()).isInstanceOf(LoadResult.class);
    assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
    // The lock went with the first run: the target can be loaded again (replacing it).
    assertThat(new Loader().load(request("run-c", true, null)).replacedExisting()).isTrue();
  }

  @Test
  void theSwapRefusesATargetSomeoneElseCreatedWhileTheLoadRan() throws Exception {
    CountDownLatch parked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread a =
        inBackground(request("run-a", false, parkedAfterFirstTable(parked, release)), outcome);
    assertThat(parked.await(2, TimeUnit.MINUTES)).isTrue();
    // Someone outside ckan-migrate (no lock) creates and fills the target meanwhile.
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE theirs (id int)");
    PgFixtures.exec(target, "INSERT INTO theirs VALUES (1), (2), (3)");
    PgFixtures.Snapshot theirs = PgFixtures.snapshot(target);

    release.countDown();
    a.join(120_000);

    assertThat(outcome.get())
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TARGET_CHANGED);
              assertThat(e.getMessage()).contains(target).contains("nothing was replaced");
            });
    assertThat(PgFixtures.snapshot(target)).isEqualTo(theirs);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  @Test
  void aLoadKilledAfterItsSwapIsFoundInPlaceOnResumeAndNotLoadedAgain() throws Exception {
    String runId = "swapped-run";
    assertThat(haltedChild(runId, "load.swap.done", false)).isEqualTo(CrashPoints.EXIT_STATUS);
    assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    assertThat(comment(target)).contains("loaded by run " + runId);

    // Before: TARGET_NOT_EMPTY, as the target holds what this very run put there.
    LoadResult resumed = new Loader().load(request(runId, false, null));

    assertThat(resumed.notes()).anyMatch(n -> n.startsWith("already in place"));
    assertThat(resumed.notes()).contains("row counts re-verified against the dump manifest");
    assertThat(resumed.rows())
        .isEqualTo(sourceSnapshot.rowCounts().values().stream().mapToLong(Long::longValue).sum());
    assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();

    // Another run is not fooled by the mark: the target is not empty for it.
    assertThatThrownBy(() -> new Loader().load(request("another-run", false, null)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_NOT_EMPTY));
  }

  @Test
  void aLoadKilledBetweenTheSwapsRenamesRestoresTheTargetAndTheResumeLoadsIt() throws Exception {
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE precious (id int)");
    PgFixtures.exec(target, "INSERT INTO precious VALUES (1), (2)");
    String runId = "renaming-run";

    assertThat(haltedChild(runId, "load.swap.between-renames", true))
        .isEqualTo(CrashPoints.EXIT_STATUS);
    assertThat(PgFixtures.databaseExists(target)).as("renamed aside").isFalse();

    LoadResult resumed = new Loader().load(request(runId, true, null));

    assertThat(resumed.replacedExisting()).isTrue();
    assertThat(resumed.notes()).noneMatch(n -> n.startsWith("already in place"));
    assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  @Test
  void aWorkerThatLostItsJobStopsBeforeTheSwapLeavingTheTargetAsItWas() throws Exception {
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE precious (id int)");
    PgFixtures.Snapshot before = PgFixtures.snapshot(target);
    LoadRequest.Options d = LoadRequest.Options.defaults();
    LoadRequest.Options fenced =
        new LoadRequest.Options(
            d.spoolDir(),
            d.sessionSettings(),
            d.replicaRole(),
            null,
            () -> {
              throw new org.ckanmigrate.platform.phase.PhaseCancelledException("lost the lease");
            });

    assertThatThrownBy(() -> new Loader().load(request("stale-worker", true, fenced)))
        .hasMessage("lost the lease");

    assertThat(PgFixtures.snapshot(target)).isEqualTo(before);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  /** Runs the load in its own JVM, halted at {@code crashPoint}; returns its exit status. */
  private int haltedChild(String runId, String crashPoint, boolean replace) throws Exception {
    Path password = Files.writeString(work.resolve("pw"), PgFixtures.server().password());
    ChildJvm.Exit halted =
        ChildJvm.run(
            LoaderMain.command(
                List.of("-D" + CrashPoints.PROPERTY + "=" + crashPoint),
                artifact,
                password,
                target,
                runId,
                "2",
                Boolean.toString(replace)),
            work.resolve("child.log"),
            Duration.ofMinutes(2));
    assertThat(halted.output())
        .as("the child's output")
        .contains("halting at crash point " + crashPoint);
    return halted.status();
  }

  private static String comment(String database) throws Exception {
    try (Connection c = PgFixtures.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '"
                    + database
                    + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
