package org.ckanmigrate.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.harvest.HarvestCheck;
import org.ckanmigrate.schema.harvest.HarvestLedger;
import org.ckanmigrate.schema.harvest.HarvestVerifier;
import org.ckanmigrate.schema.migration.MigrationRunner;
import org.ckanmigrate.schema.migration.MigrationSet;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.preflight.CkanPreflight;
import org.ckanmigrate.schema.preflight.CkanSchemaVersion;
import org.ckanmigrate.schema.preflight.SchemaEra;
import org.ckanmigrate.schema.sysadmin.Repromotion;
import org.ckanmigrate.schema.sysadmin.Sysadmin;
import org.ckanmigrate.schema.sysadmin.SysadminLedger;
import org.ckanmigrate.schema.upgrade.CkanUpgrade;
import org.ckanmigrate.schema.upgrade.CommandRunner;
import org.ckanmigrate.schema.upgrade.CommandRunnerFactory;
import org.ckanmigrate.schema.upgrade.KnownHeads;
import org.ckanmigrate.schema.upgrade.UpgradeCommands;
import org.ckanmigrate.schema.upgrade.UpgradeReport;
import org.ckanmigrate.schema.vacuum.TargetVacuum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema phase: preflight, sysadmin ledger, data-model scripts (Flyway), allow-list
 * re-promotion, CKAN's upgrade twice, and the checks of its outcome. Safe to call again for the
 * same run after a crash: applied scripts are skipped by Flyway's history, the ledgers keep what
 * the first attempt found, and CKAN's upgrade is a no-op at its head.
 */
public final class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private final CommandRunnerFactory runners;
  private final UpgradeCommands commands;

  /**
   * Runs CKAN's upgrade where {@code runners} says for the spec's upgrade host, with one of {@code
   * commands}.
   */
  public SchemaMigrator(CommandRunnerFactory runners, UpgradeCommands commands) {
    this.runners = runners;
    this.commands = commands;
  }

  /** Only the built-in upgrade commands. */
  public SchemaMigrator(CommandRunnerFactory runners) {
    this(runners, UpgradeCommands.builtIn());
  }

  /** Runs CKAN's upgrade through {@code local}, or over SSH on a spec's upgrade host. */
  public SchemaMigrator(CommandRunner local) {
    this(local, UpgradeCommands.builtIn());
  }

  /** As {@link #SchemaMigrator(CommandRunner)}, with {@code commands}. */
  public SchemaMigrator(CommandRunner local, UpgradeCommands commands) {
    this(CommandRunnerFactory.localOrSsh(local), commands);
  }

  /**
   * Runs the phase.
   *
   * @throws SchemaMigrationException with one of the {@link ErrorCode} codes
   * @throws IllegalArgumentException when the spec itself is invalid (unknown set, no directory)
   */
  // The progress listener of the call in progress on this thread (migrate is re-entrant per
  // thread).
  private final ThreadLocal<java.util.function.BiConsumer<Integer, Integer>> scriptsApplied =
      ThreadLocal.withInitial(() -> (done, total) -> {});

  public SchemaResult migrate(SchemaRequest request) {
    return migrate(request, (done, total) -> {});
  }

  /**
   * Runs the schema phase, reporting (scripts applied, scripts pending) after each data-model
   * script.
   */
  public SchemaResult migrate(
      SchemaRequest request, java.util.function.BiConsumer<Integer, Integer> scriptsApplied) {
    return migrate(request, scriptsApplied, () -> {});
  }

  /**
   * As {@link #migrate(SchemaRequest, java.util.function.BiConsumer)}, running {@code
   * beforeUpgradePass} right before each of CKAN's upgrade passes (the phase's lease fence).
   */
  public SchemaResult migrate(
      SchemaRequest request,
      java.util.function.BiConsumer<Integer, Integer> scriptsApplied,
      Runnable beforeUpgradePass) {
    SchemaSpec spec = request.spec();
    CommandRunner runner = checkSpec(spec);
    return spec.dryRun()
        ? dryRun(request, runner)
        : run(request, runner, scriptsApplied, beforeUpgradePass);
  }

  /** Refuses an unusable spec before anything touches the target. */
  private CommandRunner checkSpec(SchemaSpec spec) {
    if (MigrationRunner.hasScripts(spec)) {
      MigrationRunner.checkSpec(spec);
    }
    if (spec.upgradeCommand() != null && !spec.upgradeCommand().isBlank()) {
      commands.template(spec.upgradeCommand()); // an unknown name is refused before anything runs
    }
    if (spec.ckanVersion() != null && !spec.ckanVersion().isBlank()) {
      KnownHeads.isAlembicRelease(spec.ckanVersion());
    }
    return CkanUpgrade.requested(spec)
        ? runners.forHost(spec.upgradeHost(), spec.upgradeJumpHosts())
        : null;
  }

  private SchemaResult run(
      SchemaRequest request,
      CommandRunner commandRunner,
      java.util.function.BiConsumer<Integer, Integer> scriptsApplied,
      Runnable beforeUpgradePass) {
    String runId = request.runId();
    SchemaSpec spec = request.spec();
    DataSource target = request.target();
    if (CkanUpgrade.requested(spec)) {
      // An unusable CKAN host (unknown key, refused login, no ini) stops the phase before the
      // target is touched.
      new CkanUpgrade(commandRunner, commands).checkIni(spec);
    }
    CkanSchemaVersion found;
    CkanSchemaVersion before;
    try (Connection c = target.getConnection()) {
      found = CkanPreflight.inspect(c);
      OwnSchema.ensure(c);
      before = CkanPreflight.record(c, runId, "before", found, false);
    } catch (SQLException e) {
      throw database("preflight", e);
    }
    log.info("Run {}: CKAN schema found at {} (before the first script: {})", runId, found, before);
    checkNotNewer(spec, before);
    checkSetFits(spec, before);

    SysadminLedger ledger = new SysadminLedger(target);
    List<Sysadmin> sysadmins;
    try {
      sysadmins = ledger.record(runId);
    } catch (SQLException e) {
      throw database("sysadmin ledger", e);
    }
    log.info("Run {}: {} sysadmin(s) recorded: {}", runId, sysadmins.size(), names(sysadmins));

    List<StepResult> steps =
        MigrationRunner.hasScripts(spec)
            ? new MigrationRunner(target).onScriptApplied(scriptsApplied).migrate(runId, spec)
            : List.of();

    Repromotion repromotion;
    try {
      repromotion = ledger.repromote(runId, spec.keepSysadmins());
    } catch (SQLException e) {
      throw database("sysadmin re-promotion", e);
    }

    SchemaSpec.HarvestSources harvestChoice = spec.harvestSourcesOrDefault();
    Map<String, Long> dropped = Map.of();
    List<String> notes = new ArrayList<>();
    if (harvestChoice == SchemaSpec.HarvestSources.DROP) {
      // After the data-model scripts (they may fix harvest rows) and before CKAN's upgrade, so a
      // ckanext-harvest left in the ini has nothing to turn into datasets.
      try (Connection c = target.getConnection()) {
        dropped = new HarvestLedger(OwnSchema.NAME).drop(c, runId);
      } catch (SQLException e) {
        throw database("harvest drop", e);
      }
      log.info("Run {}: harvest rows removed and kept in the ledger: {}", runId, dropped);
      notes.add(droppedNote(runId, dropped));
    }

    UpgradeReport upgrade = null;
    HarvestCheck harvest = null;
    CkanSchemaVersion after = readVersion(target);
    if (CkanUpgrade.requested(spec)) {
      CkanSchemaVersion beforeUpgrade = after;
      upgrade =
          new CkanUpgrade(commandRunner, commands)
              .beforeEachPass(beforeUpgradePass)
              .passLedger(
                  pass -> passRecorded(target, runId, pass, notes),
                  pass -> recordPass(target, runId, pass))
              .run(
                  spec,
                  beforeUpgrade.era() == SchemaEra.ALEMBIC,
                  () -> checkVersion(spec, beforeUpgrade, readVersion(target)));
      after = readVersion(target);
      checkVersion(spec, beforeUpgrade, after);
      try (Connection c = target.getConnection()) {
        harvest = HarvestVerifier.check(c);
      } catch (SQLException e) {
        throw database("harvest check", e);
      }
      log.info("Run {}: harvest check {}", runId, harvest);
      if (harvestChoice == SchemaSpec.HarvestSources.KEEP) {
        notes.add(keptNote(harvest));
      } else {
        HarvestVerifier.requireComplete(harvest);
      }
    } else if (harvestChoice == SchemaSpec.HarvestSources.KEEP) {
      notes.add(
          "schema.harvest-sources is KEEP: harvest sources, jobs and objects were left as they"
              + " are; CKAN's upgrade did not run, so there was no harvest check to skip.");
    }
    try (Connection c = target.getConnection()) {
      CkanPreflight.record(c, runId, "after", after, true);
    } catch (SQLException e) {
      throw database("version record", e);
    }
    log.info("Run {}: CKAN schema {} -> {}", runId, before, after);
    TargetVacuum.Report vacuum;
    try {
      vacuum = TargetVacuum.run(target);
    } catch (SQLException e) {
      throw database("closing VACUUM (ANALYZE)", e);
    }
    log.info(
        "Run {}: {} table(s) vacuumed and analysed in {} ms{}",
        runId,
        vacuum.tables(),
        vacuum.millis(),
        vacuum.skipped().isEmpty() ? "" : "; not allowed to vacuum " + vacuum.skipped());
    if (!vacuum.skipped().isEmpty()) {
      notes.add(skippedVacuumNote(vacuum.skipped()));
    }
    return new SchemaResult(
        runId,
        false,
        before,
        after,
        steps,
        sysadmins,
        repromotion,
        upgrade,
        harvest,
        harvestChoice,
        dropped,
        notes,
        vacuum);
  }

  private SchemaResult dryRun(SchemaRequest request, CommandRunner commandRunner) {
    SchemaSpec spec = request.spec();
    DataSource target = request.target();
    CkanSchemaVersion found;
    try (Connection c = target.getConnection()) {
      found = CkanPreflight.inspect(c);
    } catch (SQLException e) {
      throw database("preflight", e);
    }
    checkSetFits(spec, found);
    List<Sysadmin> sysadmins;
    try {
      sysadmins = new SysadminLedger(target).current();
    } catch (SQLException e) {
      throw database("sysadmin listing", e);
    }
    List<StepResult> steps =
        MigrationRunner.hasScripts(spec) ? new MigrationRunner(target).dryRun(spec) : List.of();
    UpgradeReport upgrade =
        CkanUpgrade.requested(spec)
            ? new CkanUpgrade(commandRunner, commands).plan(spec, found.era() == SchemaEra.ALEMBIC)
            : null;
    SchemaSpec.HarvestSources harvestChoice = spec.harvestSourcesOrDefault();
    Map<String, Long> wouldDrop = Map.of();
    List<String> notes = new ArrayList<>();
    if (harvestChoice == SchemaSpec.HarvestSources.DROP) {
      try (Connection c = target.getConnection()) {
        wouldDrop = new HarvestLedger(OwnSchema.NAME).count(c);
      } catch (SQLException e) {
        throw database("harvest count", e);
      }
      notes.add(
          "Dry run: schema.harvest-sources DROP would remove "
              + describe(wouldDrop)
              + " into ckan_migrate.harvest_ledger.");
    }
    log.info("Dry run {}: nothing committed; steps {}", request.runId(), steps);
    return new SchemaResult(
        request.runId(),
        true,
        found,
        found,
        steps,
        sysadmins,
        Repromotion.none(),
        upgrade,
        null,
        harvestChoice,
        wouldDrop,
        notes,
        null);
  }

  private static boolean passRecorded(
      DataSource target, String runId, int pass, List<String> notes) {
    try (Connection c = target.getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT finished_at FROM "
                    + OwnSchema.NAME
                    + ".upgrade_pass_log WHERE run_id = ? AND pass = ?")) {
      ps.setString(1, runId);
      ps.setInt(2, pass);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        notes.add(
            "CKAN's upgrade pass "
                + pass
                + " was not run again: an earlier attempt of this run finished it at "
                + rs.getTimestamp(1).toInstant()
                + ".");
        return true;
      }
    } catch (SQLException e) {
      throw database("upgrade pass ledger", e);
    }
  }

  private static void recordPass(DataSource target, String runId, int pass) {
    try (Connection c = target.getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + OwnSchema.NAME
                    + ".upgrade_pass_log (run_id, pass) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      c.setAutoCommit(true);
      ps.setString(1, runId);
      ps.setInt(2, pass);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw database("upgrade pass ledger", e);
    }
  }

  private static String skippedVacuumNote(List<String> skipped) {
    return skipped.size()
        + " table(s) were not vacuumed and analysed because the target user neither owns them nor"
        + " the database ("
        + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
        + (skipped.size() > 5 ? ", ..." : "")
        + "): autovacuum will, on CKAN's time; run VACUUM (ANALYZE) as their owner before opening"
        + " the portal.";
  }

  private static String droppedNote(String runId, Map<String, Long> dropped) {
    return "schema.harvest-sources is DROP: removed "
        + describe(dropped)
        + "; every row is kept in ckan_migrate.harvest_ledger (run_id '"
        + runId
        + "') and can be restored (schema-service README, 'Harvest sources').";
  }

  private static String keptNote(HarvestCheck harvest) {
    return "schema.harvest-sources is KEEP: the harvest check was skipped ("
        + harvest.activeSources()
        + " active harvest sources, "
        + harvest.activeHarvestPackages()
        + " harvest datasets"
        + (harvest.complete()
            ? ")."
            : ", " + harvest.missingSources().size() + " source(s) without one).")
        + " Install ckanext-harvest on the target and run CKAN's db upgrade again to migrate"
        + " them, or choose DROP.";
  }

  private static String describe(Map<String, Long> rows) {
    if (rows.isEmpty()) {
      return "no harvest rows (no harvest tables)";
    }
    StringBuilder out = new StringBuilder();
    rows.forEach(
        (table, n) -> out.append(out.isEmpty() ? "" : ", ").append(n).append(' ').append(table));
    return out.append(" rows").toString();
  }

  /**
   * A built-in set written for an old schema must not half-run on a newer one (its later steps need
   * tables CKAN's upgrade drops). Checked against the version found before the run's first script,
   * so a resume after CKAN's upgrade is not refused.
   */
  static void checkSetFits(SchemaSpec spec, CkanSchemaVersion before) {
    if (spec.migrationSet() == null || spec.migrationSet().isBlank()) {
      return;
    }
    Integer max =
        MigrationSets.find(spec.migrationSet()).map(MigrationSet::maxMigrateVersion).orElse(null);
    if (max == null) {
      return;
    }
    boolean fits = before.era() == SchemaEra.SQLALCHEMY_MIGRATE && before.number() <= max;
    if (!fits) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("before", before.toString());
      details.put("after", before.toString());
      details.put("expected", "migrate_version <= " + max);
      throw new SchemaMigrationException(
          ErrorCode.CKAN_VERSION_UNEXPECTED,
          "The migration set "
              + spec.migrationSet()
              + " is written for a CKAN schema up to migrate_version "
              + max
              + " but the target is at "
              + before
              + ". Load the old site's dump, or leave schema.migrationSet unset. Nothing ran.",
          details,
          null);
    }
  }

  /** B7: a database newer than the target release is refused before anything runs. */
  private static void checkNotNewer(SchemaSpec spec, CkanSchemaVersion before) {
    if (spec.ckanVersion() == null || spec.ckanVersion().isBlank()) {
      return;
    }
    KnownHeads.newerThan(before, spec.ckanVersion())
        .ifPresent(
            why -> {
              Map<String, String> details = new LinkedHashMap<>();
              details.put("before", before.toString());
              details.put("after", before.toString());
              details.put("expected", "at most CKAN " + spec.ckanVersion() + "'s head");
              throw new SchemaMigrationException(
                  ErrorCode.CKAN_VERSION_UNEXPECTED,
                  "The target database is newer than CKAN "
                      + spec.ckanVersion()
                      + " knows: "
                      + why
                      + ". CKAN cannot downgrade a database: load a dump of an older site, or set"
                      + " schema.ckanVersion to the release the database comes from. Nothing ran.",
                  details,
                  null);
            });
  }

  /** The version after CKAN's upgrade must be the expected head. */
  static void checkVersion(SchemaSpec spec, CkanSchemaVersion before, CkanSchemaVersion after) {
    List<String> expected = new ArrayList<>();
    if (spec.expectedVersion() != null && !spec.expectedVersion().isBlank()) {
      expected.add(spec.expectedVersion().trim());
    } else {
      expected.addAll(KnownHeads.forRelease(spec.ckanVersion()));
    }
    boolean ok;
    String wanted;
    if (after == null) {
      ok = false;
      wanted = expected.isEmpty() ? "a known CKAN head" : String.join(" or ", expected);
    } else if (!expected.isEmpty()) {
      ok = expected.contains(after.version());
      wanted = String.join(" or ", expected);
    } else {
      ok = KnownHeads.all().contains(after.version());
      wanted = "a known CKAN head " + KnownHeads.all();
    }
    if (!ok) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("before", String.valueOf(before));
      details.put("after", String.valueOf(after));
      details.put("expected", wanted);
      throw new SchemaMigrationException(
          ErrorCode.CKAN_VERSION_UNEXPECTED,
          "After CKAN's upgrade the schema is at "
              + (after == null ? "no recorded version" : after.toString())
              + " (was "
              + before
              + "), expected "
              + wanted
              + ". Check that the upgrade command runs the intended CKAN release, or set"
              + " schema.expectedVersion / schema.ckanVersion.",
          details,
          null);
    }
  }

  private static CkanSchemaVersion readVersion(DataSource target) {
    try (Connection c = target.getConnection()) {
      return CkanPreflight.readVersion(c);
    } catch (SQLException e) {
      throw database("version check", e);
    }
  }

  private static List<String> names(List<Sysadmin> sysadmins) {
    return sysadmins.stream().map(Sysadmin::name).toList();
  }

  private static IllegalStateException database(String what, SQLException e) {
    return new IllegalStateException(
        "The target database failed during the "
            + what
            + " (SQLSTATE "
            + e.getSQLState()
            + "): "
            + Scrubber.scrub(e.getMessage()),
        e);
  }
}
