package org.ckanmigrate.load;

import java.io.IOException;
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
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.load.artifact.ArtifactScan;
import org.ckanmigrate.load.artifact.CopyBlock;
import org.ckanmigrate.load.artifact.DumpIndex;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.load.parallel.SectionLoader;
import org.ckanmigrate.load.staging.ExtensionPreflight;
import org.ckanmigrate.load.staging.TargetLock;
import org.ckanmigrate.load.staging.TargetServer;
import org.ckanmigrate.load.verify.ExtensionTables;
import org.ckanmigrate.load.verify.RowCounts;
import org.ckanmigrate.load.verify.SummaryTable;
import org.ckanmigrate.platform.fault.CrashPoints;
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

  /**
   * Runs one load; throws {@link LoadFailedException} with the reason when it does not succeed.
   * Holds the target's {@link TargetLock} throughout, so a second run into the same target is
   * refused with {@code TARGET_BUSY} instead of racing this one to the swap.
   */
  public LoadResult load(LoadRequest request) {
    validate(request);
    try (TargetLock lock =
        TargetLock.acquire(
            new TargetServer(request.target()), request.target().database(), request.runId())) {
      return loadLocked(request);
    }
  }

  /** What preparing the target found: whether a database is replaced, and its oid. */
  private record Prepared(boolean replaced, Long targetOid) {}

  /**
   * Finishes a swap a crash interrupted, refuses a target that is the source, lacks an extension
   * the dump needs or is not empty (without {@code replace}), and creates a clean staging database.
   * Returns null when this run's database is already in place (its mark is on the target).
   */
  private Prepared prepareTarget(
      TargetServer server,
      LoadRequest request,
      DumpManifest manifest,
      String staging,
      String previous,
      String mark) {
    String target = request.target().database();
    try (Connection admin = server.connectMaintenance()) {
      recoverInterruptedSwap(server, admin, target, previous);
      if (mark.equals(server.comment(admin, target))) {
        return null;
      }
      checkNotSource(server, admin, manifest, target);
      ExtensionPreflight.check(admin, ExtensionPreflight.required(request.artifact()));
      Long targetOid = server.oid(admin, target);
      boolean exists = targetOid != null;
      long objects = exists ? server.userObjects(target) : 0;
      if (objects > 0 && !request.target().replace()) {
        throw new LoadFailedException(
            ErrorCode.TARGET_NOT_EMPTY,
            "the target database "
                + target
                + " holds "
                + objects
                + " objects; set replace in the run spec to replace it, or choose another"
                + " database");
      }
      server.dropDatabase(admin, staging); // whatever a crashed run of this id left
      server.createDatabase(admin, staging, exists ? target : null);
      return new Prepared(objects > 0, targetOid);
    } catch (SQLException e) {
      throw new LoadFailedException(
          ErrorCode.TARGET_UNAVAILABLE, "preparing the target server failed: " + e.getMessage(), e);
    }
  }

  /** What the summary tells the operator beyond the counts (none is a failure). */
  private static List<String> notes(
      TargetServer server,
      DumpPolicy policy,
      TargetSpec spec,
      LoadRequest.Options options,
      SectionLoader.Stats stats,
      DumpIndex index) {
    List<String> notes = new ArrayList<>();
    List<String> extensionTables = new ArrayList<>();
    for (CopyBlock b : index.blocks()) {
      Long own = ExtensionTables.ownRows(stats.extensionRows(), b.table());
      if (own != null) {
        extensionTables.add(
            b.table() + " " + own + " of the extension's own + " + b.rows() + " from the dump");
      }
    }
    if (!extensionTables.isEmpty()) {
      notes.add(
          "tables of extensions, checked as the extension's own rows plus the dump's: "
              + String.join(", ", extensionTables));
    }
    String owners = ownershipNote(server, policy, spec.user());
    if (owners != null) {
      notes.add(owners);
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
    return notes;
  }

  /** Refuses a dump without CKAN's core tables (in its table of contents) before the swap. */
  static void checkIsCkanDump(DumpIndex index, String target) {
    java.util.Set<String> tables = new java.util.HashSet<>();
    for (var block : index.blocks()) {
      String schema = block.table().schema();
      if (schema == null || schema.replace("\"", "").equals("public")) {
        tables.add(block.table().name().replace("\"", ""));
      }
    }
    List<String> missing =
        org.ckanmigrate.platform.ckan.CkanTables.CORE.stream()
            .filter(name -> !tables.contains(name))
            .toList();
    if (!missing.isEmpty()) {
      throw new LoadFailedException(
          ErrorCode.NOT_A_CKAN_DUMP,
          "the dump lacks CKAN's tables "
              + missing
              + ", so it is not a CKAN database; the existing target "
              + target
              + " was not replaced. Check the source, or set target.allow-non-ckan: true to"
              + " replace it anyway");
    }
  }

  private LoadResult loadLocked(LoadRequest request) {
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
    String mark = runMark(request.runId(), checkedSha);
    Prepared prepared = prepareTarget(server, request, manifest, staging, previous, mark);
    if (prepared == null) {
      // This run swapped its database in and died before its success was recorded.
      return alreadyInPlace(server, target, manifest, policy, request, checkedSha, steps);
    }
    boolean replaced = prepared.replaced();
    Long targetOid = prepared.targetOid();
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

        if (replaced && !spec.allowNonCkan()) {
          checkIsCkanDump(index, target); // B6: never replace a CKAN database with something else
        }
        t = System.nanoTime();
        if (options.beforeSwap() != null) {
          options.beforeSwap().run(); // a worker that lost its job stops here, target untouched
        }
        swap(server, staging, target, previous, notes, targetOid, spec.replace(), mark);
        steps.put("swap into place", ms(t));
        CrashPoints.reach("load.swap.done");
      } catch (RuntimeException | Error e) {
        dropStaging(server, staging);
        throw e;
      } catch (java.io.IOException e) {
        dropStaging(server, staging);
        throw new LoadFailedException(
            ErrorCode.ARTIFACT_UNREADABLE, "reading the dump failed: " + e.getMessage(), e);
      }

      notes.addAll(notes(server, policy, spec, options, stats, index));
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
      throw new LoadFailedException(ErrorCode.INVALID_REQUEST, "the load has no run id");
    }
    if (r.artifact() == null) {
      throw new LoadFailedException(ErrorCode.INVALID_REQUEST, "the load has no artifact");
    }
    if (r.target() == null) {
      throw new LoadFailedException(ErrorCode.INVALID_REQUEST, "the load has no target");
    }
    TargetServer.validateName(r.target().database(), "target database");
  }

  /**
   * What became of the dump's owners, per role (with its OWNER TO statements, and whether the role
   * exists on the target server), or null when the dump sets no owner.
   */
  static String ownershipNote(TargetServer server, DumpPolicy policy, String loadingRole) {
    Map<String, Integer> owners = policy.ownerStatements();
    if (owners.isEmpty()) {
      return null;
    }
    java.util.Set<String> present = new java.util.HashSet<>();
    try (Connection admin = server.connectMaintenance();
        java.sql.PreparedStatement ps =
            admin.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname = ANY (?)")) {
      ps.setArray(1, admin.createArrayOf("text", owners.keySet().toArray()));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          present.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      return "ownership: the dump's owners could not be checked on the target ("
          + e.getSQLState()
          + ")";
    }
    StringBuilder roles = new StringBuilder();
    owners.forEach(
        (role, n) -> {
          if (!roles.isEmpty()) {
            roles.append(", ");
          }
          roles
              .append(role)
              .append(" (")
              .append(n)
              .append(n == 1 ? " object" : " objects")
              .append(present.contains(role) ? "" : ", no such role on the target")
              .append(')');
        });
    return switch (policy.ownership()) {
      case SKIP ->
          "ownership skip: the dump's owners "
              + roles
              + " were not applied; those objects are owned by the loading role "
              + loadingRole
              + " (target.ownership map or keep to change that)";
      case MAP -> "ownership map: the dump's owners " + roles + " mapped to " + policy.ownerRole();
      case KEEP -> "ownership keep: the dump's owners " + roles + " kept as dumped";
    };
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
                  ErrorCode.INVALID_REQUEST,
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
      return Files.exists(beside) ? readManifest(beside) : null;
    }
    if (!Files.exists(file)) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE, "the manifest " + file + " does not exist");
    }
    return readManifest(file);
  }

  /** The manifest, with a codec this loader can read (checked once, here). */
  private static DumpManifest readManifest(Path file) {
    DumpManifest manifest;
    try {
      manifest = DumpManifest.read(file);
    } catch (IOException e) {
      throw new LoadFailedException(ErrorCode.ARTIFACT_UNREADABLE, e.getMessage(), e);
    }
    try {
      manifest.codec();
    } catch (IllegalArgumentException e) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE,
          "the manifest records compression '"
              + manifest.compression()
              + "', which this loader cannot read: "
              + e.getMessage(),
          e);
    }
    return manifest;
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
          ErrorCode.ARTIFACT_CORRUPT,
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
          ErrorCode.TARGET_IS_SOURCE,
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
                      ErrorCode.TARGET_UNAVAILABLE, "counting rows failed: " + e.getMessage(), e);
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
    // Extension-owned tables end with the extension's own rows plus the dump's.
    Map<QualifiedName, Long> tableExpected = new LinkedHashMap<>(expected);
    tableExpected.replaceAll(
        (table, rows) -> {
          Long own = ExtensionTables.ownRows(stats.extensionRows(), table);
          return own == null ? rows : rows + own;
        });
    RowCounts.verify(
        tableExpected,
        actual,
        fromManifest
            ? "the dump manifest (plus the extensions' own rows)"
            : "the dump's COPY rows (plus the extensions' own rows)");
    Map<QualifiedName, Long> copied = new LinkedHashMap<>();
    stats.tables().forEach(l -> copied.merge(l.table(), l.rows(), Long::sum));
    Map<QualifiedName, Long> copyExpected = new LinkedHashMap<>();
    copied.keySet().forEach(k -> copyExpected.put(k, expected.getOrDefault(k, -1L)));
    RowCounts.verify(copyExpected, copied, "the rows the server reported per COPY");
  }

  /**
   * Puts the staging database in place. Under the target's lock, but someone outside ckan-migrate
   * may still have created, dropped or filled the target since the check: the swap replaces only
   * what the check saw ({@code TARGET_CHANGED} otherwise). The staging database is marked with the
   * run first, so a resume after the swap finds it in place instead of refusing a non-empty target.
   */
  private static void swap(
      TargetServer server,
      String staging,
      String target,
      String previous,
      List<String> notes,
      Long seenOid,
      boolean replace,
      String mark) {
    try (Connection admin = server.connectMaintenance()) {
      Long oid = server.oid(admin, target);
      if (!java.util.Objects.equals(oid, seenOid)) {
        throw new LoadFailedException(
            ErrorCode.TARGET_CHANGED,
            "the target database "
                + target
                + (seenOid == null ? " did not exist" : " was database " + seenOid)
                + " when the load began and "
                + (oid == null ? "is gone" : "is now database " + oid)
                + ": someone else changed it meanwhile; nothing was replaced and the loaded copy"
                + " was dropped. Find out who, then run the load again");
      }
      if (oid != null && !replace && server.userObjects(target) > 0) {
        throw new LoadFailedException(
            ErrorCode.TARGET_CHANGED,
            "the target database "
                + target
                + " was empty when the load began and now holds objects: someone else wrote to"
                + " it meanwhile; nothing was replaced and the loaded copy was dropped. Find out"
                + " who, then set replace in the run spec or choose another database");
      }
      server.comment(admin, staging, mark);
      boolean exists = oid != null;
      if (exists) {
        server.rename(admin, target, previous);
        CrashPoints.reach("load.swap.between-renames");
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
          ErrorCode.TARGET_UNAVAILABLE,
          "putting the loaded database in place failed: " + e.getMessage(),
          e);
    }
  }

  /** The comment a load puts on the database it swaps in: which run, from which artifact. */
  static String runMark(String runId, String sha256) {
    return "ckan-migrate: loaded by run "
        + runId
        + (sha256 == null ? "" : " from the artifact with SHA-256 " + sha256);
  }

  /**
   * The result for a resumed load whose database this run already swapped in: nothing is loaded
   * again, the target's row counts are checked against the dump's manifest where there is one
   * (tables that belong to an extension are left out: their rows are partly the extension's own).
   */
  private static LoadResult alreadyInPlace(
      TargetServer server,
      String target,
      DumpManifest manifest,
      DumpPolicy policy,
      LoadRequest request,
      String sha,
      Map<String, Long> steps) {
    List<String> notes = new ArrayList<>();
    notes.add(
        "already in place: this run swapped "
            + target
            + " in before it was interrupted (found by the database's comment); not loaded again");
    List<LoadResult.TableLoad> tables = new ArrayList<>();
    long t = System.nanoTime();
    if (manifest != null && manifest.tables() != null) {
      Map<QualifiedName, Long> expected = new LinkedHashMap<>();
      for (DumpManifest.TableCopy copy : manifest.tables()) {
        QualifiedName q = QualifiedName.parse(copy.table());
        expected.merge(q, policy.dataSkipped(q) ? 0L : copy.rows(), Long::sum);
      }
      try (Connection c = server.connect(target)) {
        expected.keySet().removeAll(extensionTables(c));
        Map<QualifiedName, Long> actual = RowCounts.count(c, expected.keySet());
        RowCounts.verify(expected, actual, "the dump manifest");
        actual.forEach((q, rows) -> tables.add(new LoadResult.TableLoad(q.toString(), rows, 0, 0)));
      } catch (SQLException e) {
        throw new LoadFailedException(
            ErrorCode.TARGET_UNAVAILABLE,
            "re-verifying the loaded database " + target + " failed: " + e.getMessage(),
            e);
      }
      notes.add("row counts re-verified against the dump manifest");
    } else {
      notes.add("no dump manifest: row counts not re-verified");
    }
    steps.put("verify row counts", ms(t));
    notes.forEach(n -> log.info("Note: {}", n));
    return new LoadResult(
        target,
        tables.size(),
        tables.stream().mapToLong(LoadResult.TableLoad::rows).sum(),
        manifest == null || manifest.uncompressedBytes() == null ? 0 : manifest.uncompressedBytes(),
        manifest == null || manifest.sizeBytes() == null ? 0 : manifest.sizeBytes(),
        sha,
        java.util.Collections.unmodifiableMap(steps),
        0,
        false,
        0,
        0,
        false,
        List.copyOf(notes),
        List.copyOf(tables));
  }

  /** Tables that belong to an extension (pg_depend deptype 'e'), e.g. PostGIS's spatial_ref_sys. */
  private static java.util.Set<QualifiedName> extensionTables(Connection c) throws SQLException {
    java.util.Set<QualifiedName> out = new java.util.HashSet<>();
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT n.nspname, cl.relname FROM pg_depend d"
                    + " JOIN pg_class cl ON d.classid = 'pg_class'::regclass AND d.objid = cl.oid"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE d.deptype = 'e' AND cl.relkind IN ('r', 'p')")) {
      while (rs.next()) {
        out.add(new QualifiedName(rs.getString(1), rs.getString(2)));
        if ("public".equals(rs.getString(1))) {
          out.add(new QualifiedName(null, rs.getString(2)));
        }
      }
    }
    return out;
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
