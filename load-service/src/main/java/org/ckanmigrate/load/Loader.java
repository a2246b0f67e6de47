package org.ckanmigrate.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ckanmigrate.common.spec.TargetSpec;
import org.ckanmigrate.load.artifact.ArtifactScan;
import org.ckanmigrate.load.artifact.CopyBlock;
import org.ckanmigrate.load.artifact.DumpIndex;
import org.ckanmigrate.load.artifact.DumpManifest;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.load.parallel.SectionLoader;
import org.ckanmigrate.load.staging.TargetServer;
import org.ckanmigrate.load.verify.RowCounts;
import org.ckanmigrate.load.verify.SummaryTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a plain pg_dump into the target database, safely: the artifact's size and SHA-256 are
 * checked against what the dump phase recorded before any of its statements runs; the dump is
 * loaded into a staging database named after the run, in one read that also checks the rest
 * (decodes to its end, pg_dump's closing comment, COPY row counts against the manifest); the
 * staging database is verified table by table and only then renamed to the target's name (the old
 * target, when replacing, is renamed aside and dropped). Any failure drops the staging database, so
 * the target stays exactly as it was; a process killed mid-load leaves only the staging database,
 * which the next run with the same run id drops first.
 */
public final class Loader {

  private static final Logger log = LoggerFactory.getLogger(Loader.class);

  /** Runs one load; throws {@link LoadFailedException} with the reason when it does not succeed. */
  public LoadResult load(LoadRequest request) {
    validate(request);
    TargetSpec spec = request.target();
    LoadRequest.Options options = request.optionsOrDefaults();
    DumpPolicy policy = policy(spec);
    TargetServer server = new TargetServer(spec);
    String target = spec.database();
    String staging = derivedName(target, "_ckm_staging_", request.runId());
    String previous = derivedName(target, "_ckm_previous_", request.runId());
    Map<String, Long> steps = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();

    DumpManifest manifest = manifest(request);
    String sha =
        request.expectedSha256() != null
            ? request.expectedSha256()
            : manifest == null ? null : manifest.sha256();
    Long size =
        request.expectedSizeBytes() != null
            ? request.expectedSizeBytes()
            : manifest == null ? null : manifest.sizeBytes();

    long t = System.nanoTime();
    int parallelism = Math.max(1, spec.parallelism());
    String checkedSha = ArtifactScan.verifyChecksum(request.artifact(), sha, size);
    steps.put("check artifact (size, SHA-256)", ms(t));

    t = System.nanoTime();
    boolean replaced;
    try (Connection admin = server.connectMaintenance()) {
      recoverInterruptedSwap(server, admin, target, previous);
      checkNotSource(server, admin, manifest, target);
      boolean exists = server.exists(admin, target);
      long objects = exists ? server.userObjects(target) : 0;
      if (objects > 0 && !spec.replace()) {
        throw new LoadFailedException(
            LoadError.TARGET_NOT_EMPTY,
            "the target database "
                + target
                + " holds "
                + objects
                + " objects; set replace in the run spec to replace it, or choose another"
                + " database");
      }
      replaced = objects > 0;
      server.dropDatabase(admin, staging); // whatever a crashed run of this id left
      server.createDatabase(admin, staging, exists ? target : null);
    } catch (SQLException e) {
      throw new LoadFailedException(
          LoadError.TARGET_UNAVAILABLE, "preparing the target server failed: " + e.getMessage(), e);
    }
    steps.put("prepare target", ms(t));

    boolean members = manifest != null && manifest.hasMembers();
    Path spoolDir =
        parallelism > 1 && !members
            ? (options.spoolDir() != null
                ? options.spoolDir()
                : Path.of(System.getProperty("java.io.tmpdir")))
            : null;
    try (ArtifactScan scan = ArtifactScan.open(request.artifact(), spoolDir)) {
      SectionLoader.Stats stats;
      DumpIndex index;
      try {
        stats =
            new SectionLoader(
                    () -> server.connect(staging),
                    scan,
                    checkedSha,
                    members ? manifest : null,
                    policy,
                    parallelism,
                    options.sessionSettings(),
                    options.replicaRole())
                .onRowsLoaded(options.rowsLoaded() == null ? rows -> {} : options.rowsLoaded())
                .load();
        steps.put("pre-data", stats.preDataMillis());
        steps.put("data (COPY, artifact read and checked)", stats.dataMillis());
        steps.put("post-data", stats.postDataMillis());
        index = stats.index();
        scan.close(); // the spool is no longer needed

        t = System.nanoTime();
        Map<QualifiedName, Long> expected = expectedRows(index, manifest, policy);
        verify(server, staging, expected, manifest != null, stats, parallelism);
        steps.put("verify row counts", ms(t));

        t = System.nanoTime();
        swap(server, staging, target, previous, notes);
        steps.put("swap into place", ms(t));
      } catch (RuntimeException | Error e) {
        dropStaging(server, staging);
        throw e;
      } catch (java.io.IOException e) {
        dropStaging(server, staging);
        throw new LoadFailedException(
            LoadError.ARTIFACT_UNREADABLE, "reading the dump failed: " + e.getMessage(), e);
      }

      if (!stats.replicaRole()) {
        notes.add(
            options.replicaRole()
                ? "session_replication_role = replica is not allowed for the loading role;"
                    + " loaded in section order (safe for a full dump)"
                : "session_replication_role left at origin; loaded in section order");
      }
      if (index.spoolBytes() > 0) {
        notes.add(
            "spooled "
                + index.spoolBytes()
                + " bytes of decompressed dump for parallel load (deleted after the data)");
      }
      List<LoadResult.TableLoad> tables =
          stats.tables().stream()
              .map(
                  l ->
                      new LoadResult.TableLoad(
                          l.table().toString(), l.rows(), l.bytes(), l.millis()))
              .toList();
      long rows = tables.stream().mapToLong(LoadResult.TableLoad::rows).sum();
      log.info(
          "Loaded {} into {}: {}",
          request.artifact().getFileName(),
          target,
          SummaryTable.render(
              steps,
              tables.stream()
                  .map(x -> new SummaryTable.Row(x.table(), x.rows(), x.bytes(), x.millis()))
                  .toList(),
              30));
      notes.forEach(n -> log.info("Note: {}", n));
      return new LoadResult(
          target,
          tables.size(),
          rows,
          index.dumpBytes(),
          index.artifactBytes(),
          index.sha256(),
          java.util.Collections.unmodifiableMap(steps),
          stats.dataConnections(),
          stats.replicaRole(),
          index.spoolBytes(),
          stats.statementsSkipped(),
          replaced,
          List.copyOf(notes),
          tables);
    }
  }

  private static void validate(LoadRequest r) {
    if (r.runId() == null || r.runId().isBlank()) {
      throw new LoadFailedException(LoadError.INVALID_REQUEST, "the load has no run id");
    }
    if (r.artifact() == null) {
      throw new LoadFailedException(LoadError.INVALID_REQUEST, "the load has no artifact");
    }
    if (r.target() == null) {
      throw new LoadFailedException(LoadError.INVALID_REQUEST, "the load has no target");
    }
    TargetServer.validateName(r.target().database(), "target database");
  }

  static DumpPolicy policy(TargetSpec spec) {
    String mode = spec.ownership() == null ? "skip" : spec.ownership().toLowerCase(Locale.ROOT);
    DumpPolicy.Ownership ownership =
        switch (mode) {
          case "skip" -> DumpPolicy.Ownership.SKIP;
          case "map" -> DumpPolicy.Ownership.MAP;
          case "keep" -> DumpPolicy.Ownership.KEEP;
          default ->
              throw new LoadFailedException(
                  LoadError.INVALID_REQUEST,
                  "target ownership must be skip, map or keep, got '" + spec.ownership() + "'");
        };
    return new DumpPolicy(
        ownership,
        spec.ownerRole(),
        spec.keepPrivileges(),
        spec.excludeTables(),
        spec.schemaOnlyTables());
  }

  private static DumpManifest manifest(LoadRequest r) {
    Path file = r.manifest();
    if (file == null) {
      Path beside = DumpManifest.besides(r.artifact());
      return Files.exists(beside) ? DumpManifest.read(beside) : null;
    }
    if (!Files.exists(file)) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE, "the manifest " + file + " does not exist");
    }
    return DumpManifest.read(file);
  }

  /**
   * Rows each table must end with: the manifest's counts when there is one (and the dump must agree
   * with them), else those counted while reading the dump.
   */
  private static Map<QualifiedName, Long> expectedRows(
      DumpIndex index, DumpManifest manifest, DumpPolicy policy) {
    Map<QualifiedName, Long> expected = index.expectedRows();
    if (manifest == null || manifest.tables() == null) {
      return expected;
    }
    Map<QualifiedName, Long> fromManifest = new LinkedHashMap<>();
    for (DumpManifest.TableCopy t : manifest.tables()) {
      fromManifest.merge(QualifiedName.parse(t.table()), t.rows(), Long::sum);
    }
    List<String> differ = new ArrayList<>();
    for (CopyBlock b : index.blocks()) {
      Long m = manifestRows(fromManifest, b.table());
      if (m != null && m != b.rows()) {
        differ.add(b.table() + " (dump " + b.rows() + ", manifest " + m + ")");
      }
    }
    if (!differ.isEmpty()) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_CORRUPT,
          "the dump's COPY rows differ from its manifest for " + String.join(", ", differ));
    }
    for (Map.Entry<QualifiedName, Long> e : expected.entrySet()) {
      Long m = manifestRows(fromManifest, e.getKey());
      if (m != null && !policy.dataSkipped(e.getKey())) {
        e.setValue(m);
      }
    }
    return expected;
  }

  /** The manifest's rows for a resolved table; the manifest may name it without its schema. */
  private static Long manifestRows(Map<QualifiedName, Long> manifest, QualifiedName table) {
    Long exact = manifest.get(table);
    return exact != null ? exact : manifest.get(new QualifiedName(null, table.name()));
  }

  private static void checkNotSource(
      TargetServer server, Connection admin, DumpManifest manifest, String target) {
    if (manifest == null || manifest.sourceSystemIdentifier() == null) {
      return;
    }
    Optional<String> id = server.systemIdentifier(admin);
    if (id.isPresent()
        && id.get().equals(manifest.sourceSystemIdentifier())
        && target.equals(manifest.database())) {
      throw new LoadFailedException(
          LoadError.TARGET_IS_SOURCE,
          "the target database "
              + target
              + " is the dump's source (same server system identifier "
              + id.get()
              + " and database name); choose another target");
    }
  }

  /** A previous run of this id died between the two renames of its swap: undo or finish it. */
  private static void recoverInterruptedSwap(
      TargetServer server, Connection admin, String target, String previous) throws SQLException {
    if (!server.exists(admin, previous)) {
      return;
    }
    if (server.exists(admin, target)) {
      log.warn("Dropping {}, left by an interrupted swap into {}", previous, target);
      server.dropDatabase(admin, previous);
    } else {
      log.warn("Restoring {} from {}, left by an interrupted swap", target, previous);
      server.rename(admin, previous, target);
    }
  }

  private static void verify(
      TargetServer server,
      String staging,
      Map<QualifiedName, Long> expected,
      boolean fromManifest,
      SectionLoader.Stats stats,
      int parallelism) {
    // Count the tables over the load's connections, biggest first, so the count scans overlap.
    List<QualifiedName> tables = new ArrayList<>(expected.keySet());
    tables.sort(Comparator.comparingLong((QualifiedName q) -> expected.get(q)).reversed());
    Map<QualifiedName, Long> actual = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ConcurrentLinkedQueue<QualifiedName> queue =
        new java.util.concurrent.ConcurrentLinkedQueue<>(tables);
    List<java.util.concurrent.CompletableFuture<Void>> counters = new ArrayList<>();
    int threads = Math.min(parallelism, Math.max(1, tables.size()));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    for (int i = 0; i < threads; i++) {
      counters.add(
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try (Connection c = server.connect(staging)) {
                  QualifiedName t;
                  while ((t = queue.poll()) != null) {
                    actual.putAll(RowCounts.count(c, List.of(t)));
                  }
                } catch (SQLException e) {
                  throw new LoadFailedException(
                      LoadError.TARGET_UNAVAILABLE, "counting rows failed: " + e.getMessage(), e);
                }
              },
              pool));
    }
    try {
      java.util.concurrent.CompletableFuture.allOf(
              counters.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof LoadFailedException lf ? lf : e;
    } finally {
      pool.shutdownNow();
    }
    RowCounts.verify(expected, actual, fromManifest ? "the dump manifest" : "the dump's COPY rows");
    Map<QualifiedName, Long> copied = new LinkedHashMap<>();
    stats.tables().forEach(l -> copied.merge(l.table(), l.rows(), Long::sum));
    Map<QualifiedName, Long> copyExpected = new LinkedHashMap<>();
    copied.keySet().forEach(k -> copyExpected.put(k, expected.getOrDefault(k, -1L)));
    RowCounts.verify(copyExpected, copied, "the rows the server reported per COPY");
  }

  private static void swap(
      TargetServer server, String staging, String target, String previous, List<String> notes) {
    try (Connection admin = server.connectMaintenance()) {
      boolean exists = server.exists(admin, target);
      if (exists) {
        server.rename(admin, target, previous);
        try {
          server.rename(admin, staging, target);
        } catch (SQLException e) {
          server.rename(admin, previous, target);
          throw e;
        }
        try {
          server.dropDatabase(admin, previous);
        } catch (SQLException e) {
          notes.add("the replaced database is kept as " + previous + ": " + e.getMessage());
        }
      } else {
        server.rename(admin, staging, target);
      }
    } catch (SQLException e) {
      throw new LoadFailedException(
          LoadError.TARGET_UNAVAILABLE,
          "putting the loaded database in place failed: " + e.getMessage(),
          e);
    }
  }

  private static void dropStaging(TargetServer server, String staging) {
    boolean interrupted = Thread.interrupted(); // let the cleanup's own I/O run
    try (Connection admin = server.connectMaintenance()) {
      server.dropDatabase(admin, staging);
    } catch (RuntimeException | SQLException e) {
      log.warn(
          "Could not drop the staging database {} ({}); the next run of this id drops it",
          staging,
          e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code <target, cut to 40><marker><8 hex of sha256(runId/target)>}: at most 63 bytes. */
  static String derivedName(String target, String marker, String runId) {
    String head = target.length() > 40 ? target.substring(0, 40) : target;
    return head + marker + hash8(runId + "/" + target);
  }

  private static String hash8(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
