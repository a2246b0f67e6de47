package org.ckanmigrate.schema.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.OwnSchema;
import org.ckanmigrate.schema.SchemaMigrationException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the data-model scripts against the CKAN target through Flyway's API (never Boot's
 * auto-configuration, which belongs to the service's state database). The history table is {@code
 * ckan_migrate.flyway_schema_history}; each script runs in its own transaction, is checksummed, and
 * the applied scripts are validated before anything runs, so an edited applied script stops the run
 * ({@link ErrorCode#MIGRATION_CHECKSUM_MISMATCH}).
 */
public final class MigrationRunner {

  /** Flyway's history table, inside {@link OwnSchema#NAME}. */
  public static final String HISTORY_TABLE = "flyway_schema_history";

  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);
  private static final Set<org.flywaydb.core.api.ErrorCode> LEDGER_MISMATCH =
      Set.of(
          CoreErrorCode.CHECKSUM_MISMATCH,
          CoreErrorCode.DESCRIPTION_MISMATCH,
          CoreErrorCode.TYPE_MISMATCH,
          CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED);

  private final DataSource target;
  private java.util.function.BiConsumer<Integer, Integer> scriptsApplied = (done, total) -> {};

  public MigrationRunner(DataSource target) {
    this.target = target;
  }

  /** Whether the spec names any scripts at all. */
  public static boolean hasScripts(SchemaSpec spec) {
    return notBlank(spec.migrationSet()) || notBlank(spec.migrationDir());
  }

  /**
   * Checks that the spec's set exists and its directory is a directory, without touching the
   * database.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void checkSpec(SchemaSpec spec) {
    Plan.of(spec);
  }

  /**
   * Applies the pending scripts, one transaction each, and reports every script of the set(s).
   *
   * @throws SchemaMigrationException MIGRATION_CHECKSUM_MISMATCH or MIGRATION_FAILED
   */
  /** Receives (scripts applied, scripts pending in all) after each script, for progress views. */
  public MigrationRunner onScriptApplied(java.util.function.BiConsumer<Integer, Integer> listener) {
    this.scriptsApplied = listener;
    return this;
  }

  public List<StepResult> migrate(String runId, SchemaSpec spec) {
    Plan plan = Plan.of(spec);
    String searchPath = defaultSearchPath();
    try (Connection c = target.getConnection()) {
      OwnSchema.ensure(c);
    } catch (SQLException e) {
      throw failed("ckan_migrate schema", null, e.getSQLState(), e.getMessage(), e);
    }
    StepRowCounter counter = new StepRowCounter(runId, searchPath);
    Flyway flyway = flyway(plan, counter);
    validate(flyway);
    int pending = flyway.info().pending().length;
    scriptsApplied.accept(0, pending);
    counter.afterEach(done -> scriptsApplied.accept(done, pending));
    try {
      var result = flyway.migrate();
      log.info(
          "Data-model scripts: {} applied, schema history now at {}",
          result.migrationsExecuted,
          result.targetSchemaVersion);
    } catch (FlywayMigrateException e) {
      throw migrateFailure(e);
    } catch (FlywayException e) {
      throw failed("(flyway)", null, null, e.getMessage(), e);
    }
    return appliedSteps(flyway, counter.applied());
  }

  /**
   * Every applied script: those in {@code appliedNow} (by version) as applied by this call, the
   * others with the row counts an earlier attempt recorded in {@code ckan_migrate.step_rows}.
   */
  private List<StepResult> appliedSteps(Flyway flyway, Map<String, Map<String, Long>> appliedNow) {
    Map<String, Map<String, Long>> earlier = recordedRows();
    List<StepResult> steps = new ArrayList<>();
    for (MigrationInfo info : versioned(flyway.info().applied())) {
      String v = info.getVersion().getVersion();
      Map<String, Long> now = appliedNow.get(v);
      Map<String, Long> rows = now != null ? now : earlier.get(v);
      steps.add(
          new StepResult(
              v,
              info.getDescription(),
              info.getScript(),
              now != null ? StepResult.Status.APPLIED : StepResult.Status.ALREADY_APPLIED,
              rows == null ? -1 : RowCounts.total(rows),
              rows == null ? Map.of() : rows));
    }
    return steps;
  }

  /**
   * Executes the pending scripts in one transaction, counts the rows each changes, and rolls back:
   * nothing is committed, not even Flyway's history table. Applied scripts are validated as in a
   * real run.
   */
  public List<StepResult> dryRun(SchemaSpec spec) {
    Plan plan = Plan.of(spec);
    Flyway flyway = flyway(plan, null);
    validate(flyway);
    List<StepResult> steps = new ArrayList<>(appliedSteps(flyway, Map.of()));
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (MigrationInfo info : versioned(flyway.info().pending())) {
          String sql =
              SqlScript.replacePlaceholders(
                  plan.load(info.getScript()), plan.placeholders(), info.getScript());
          Map<String, Long> before = RowCounts.snapshot(c);
          for (String statement : SqlScript.split(sql)) {
            try (Statement s = c.createStatement()) {
              s.execute(statement);
            } catch (SQLException e) {
              throw failed(info.getScript(), statement, e.getSQLState(), e.getMessage(), e);
            }
          }
          Map<String, Long> rows = RowCounts.diff(before, RowCounts.snapshot(c));
          log.info(
              "Dry run: {} would change {} row(s) {}",
              info.getScript(),
              RowCounts.total(rows),
              rows);
          steps.add(
              new StepResult(
                  info.getVersion().getVersion(),
                  info.getDescription(),
                  info.getScript(),
                  StepResult.Status.WOULD_APPLY,
                  RowCounts.total(rows),
                  rows));
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw failed("(dry run)", null, e.getSQLState(), e.getMessage(), e);
    }
    return steps;
  }

  private Flyway flyway(Plan plan, StepRowCounter counter) {
    var config =
        Flyway.configure(MigrationRunner.class.getClassLoader())
            .dataSource(target)
            .schemas(OwnSchema.NAME)
            .defaultSchema(OwnSchema.NAME)
            .table(HISTORY_TABLE)
            .createSchemas(true)
            // The ledger tables may already sit in ckan_migrate; a baseline at version 0 lets
            // Flyway start its history there without skipping any script (versions start at 1).
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("ckan-migrate ledger")
            .locations(plan.locations().toArray(String[]::new))
            .placeholders(plan.placeholders())
            .placeholderReplacement(true)
            .ignoreMigrationPatterns("*:future", "*:pending")
            .validateMigrationNaming(true)
            .skipDefaultCallbacks(true)
            .cleanDisabled(true)
            .failOnMissingLocations(true)
            .loggers("slf4j");
    if (counter != null) {
      config.callbacks(counter);
    }
    return config.load();
  }

  private void validate(Flyway flyway) {
    ValidateResult result;
    try {
      result = flyway.validateWithResult();
    } catch (FlywayException e) {
      throw failed("(validation)", null, null, e.getMessage(), e);
    }
    if (result.validationSuccessful) {
      return;
    }
    List<String> problems = new ArrayList<>();
    boolean mismatch = false;
    boolean other = false;
    for (ValidateOutput out : result.invalidMigrations) {
      org.flywaydb.core.api.ErrorCode code =
          out.errorDetails == null ? null : out.errorDetails.errorCode;
      if (code != null && LEDGER_MISMATCH.contains(code)) {
        mismatch = true;
      } else {
        other = true;
      }
      problems.add(
          "V"
              + out.version
              + " "
              + out.description
              + ": "
              + (out.errorDetails == null ? "invalid" : flatten(out.errorDetails.errorMessage)));
    }
    if (result.errorDetails != null && problems.isEmpty()) {
      other = true;
      problems.add(result.errorDetails.errorMessage);
    }
    String list = String.join("; ", problems);
    if (mismatch && !other) {
      throw new SchemaMigrationException(
          ErrorCode.MIGRATION_CHECKSUM_MISMATCH,
          "Scripts already applied to the target differ from the ones given ("
              + list
              + "). Applied scripts must never change: restore the original script and put the"
              + " change in a new, higher version. Nothing was run.",
          Map.of("problems", list),
          null);
    }
    throw failed("(validation)", null, null, list, null);
  }

  private static SchemaMigrationException migrateFailure(FlywayMigrateException e) {
    String script = e.getMigration() == null ? "(unknown)" : e.getMigration().getScript();
    String statement = null;
    String sqlState = e.getSqlState();
    String reason = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlywaySqlScriptException s) {
        statement = s.getStatement();
        if (s.getSqlState() != null) {
          sqlState = s.getSqlState();
        }
      }
      if (t instanceof SQLException sql) {
        reason = sql.getMessage();
        if (sqlState == null) {
          sqlState = sql.getSQLState();
        }
      }
    }
    return failed(script, statement, sqlState, reason != null ? reason : e.getMessage(), e);
  }

  private static SchemaMigrationException failed(
      String script, String statement, String sqlState, String reason, Throwable cause) {
    // Statements and server messages may quote a literal (say CREATE ROLE ... PASSWORD).
    statement = statement == null ? null : Scrubber.scrub(statement);
    reason = reason == null ? null : Scrubber.scrub(reason);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("script", script);
    if (statement != null) {
      details.put("statement", excerpt(statement));
    }
    if (sqlState != null) {
      details.put("sqlState", sqlState);
    }
    String message =
        "Data-model script "
            + script
            + " failed"
            + (sqlState != null ? " (SQLSTATE " + sqlState + ")" : "")
            + (statement != null ? " at: " + excerpt(statement) : "")
            + (reason != null ? " -- " + firstLine(reason) : "")
            + ". Its transaction was rolled back and the target is as before the script; fix the"
            + " data or the script (if not yet applied) and resume.";
    return new SchemaMigrationException(ErrorCode.MIGRATION_FAILED, message, details, cause);
  }

  private Map<String, Map<String, Long>> recordedRows() {
    Map<String, Map<String, Long>> out = new HashMap<>();
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT version, rows_by_table FROM "
                    + OwnSchema.NAME
                    + ".step_rows WHERE to_regclass('"
                    + OwnSchema.NAME
                    + ".step_rows') IS NOT NULL ORDER BY applied_at")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), decode(rs.getString(2)));
        }
      }
    } catch (SQLException e) {
      // No ledger yet (42P01): nothing recorded.
      return out;
    }
    return out;
  }

  private String defaultSearchPath() {
    try (Connection c = target.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW search_path")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw failed("(connect)", null, e.getSQLState(), e.getMessage(), e);
    }
  }

  private static List<MigrationInfo> versioned(MigrationInfo[] infos) {
    List<MigrationInfo> out = new ArrayList<>();
    for (MigrationInfo info : infos) {
      if (info.getVersion() != null
          && !info.getType().isBaseline()
          && !info.getType().isSynthetic()) {
        out.add(info);
      }
    }
    return out;
  }

  static Map<String, Long> decode(String encoded) {
    Map<String, Long> out = new TreeMap<>();
    if (encoded == null || encoded.isBlank()) {
      return out;
    }
    for (String part : encoded.split(",")) {
      int eq = part.lastIndexOf('=');
      out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
    }
    return out;
  }

  private static String excerpt(String s) {
    // Flyway's statement carries the comment lines above it; the SQL is what identifies it.
    String sql = s.strip().replaceAll("^(\\s*--[^\n]*\n)+", "");
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  /**
   * Flyway's validation message on one line, without its advice to run {@code repair} (which would
   * hide an edited script instead of restoring it).
   */
  static String flatten(String message) {
    StringBuilder sb = new StringBuilder();
    for (String line : message.split("\\R")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("Either revert") || l.contains("repair")) {
        continue;
      }
      sb.append(sb.isEmpty() ? "" : " ").append(l);
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** Where the scripts come from and the placeholder values they get. */
  record Plan(
      List<String> locations,
      List<String> classpathPaths,
      List<Path> directories,
      Map<String, String> placeholders) {

    static Plan of(SchemaSpec spec) {
      List<String> locations = new ArrayList<>();
      List<String> classpath = new ArrayList<>();
      List<Path> dirs = new ArrayList<>();
      Map<String, String> placeholders = new TreeMap<>();
      boolean quote = false;
      if (notBlank(spec.migrationSet())) {
        MigrationSet set =
            MigrationSets.find(spec.migrationSet())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Unknown built-in migration set '"
                                + spec.migrationSet()
                                + "'; known: "
                                + MigrationSets.names()));
        locations.add("classpath:" + set.resourcePath());
        classpath.add(set.resourcePath());
        placeholders.putAll(set.defaults());
        quote = true;
      }
      if (notBlank(spec.migrationDir())) {
        Path dir = Path.of(spec.migrationDir()).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(
              "Migration directory " + dir + " does not exist or is not a directory");
        }
        locations.add("filesystem:" + dir);
        dirs.add(dir);
      }
      if (spec.parameters() != null) {
        placeholders.putAll(spec.parameters());
      }
      if (spec.tags() != null) {
        placeholders.put("tags", spec.tags().name().toLowerCase(java.util.Locale.ROOT));
      }
      placeholders.putIfAbsent("tags", "keep");
      if (quote) {
        // Built-in scripts use every placeholder inside a SQL string literal.
        placeholders.replaceAll((k, v) -> v == null ? "" : v.replace("'", "''"));
      }
      return new Plan(List.copyOf(locations), classpath, dirs, Map.copyOf(placeholders));
    }

    String load(String script) {
      try {
        for (String path : classpathPaths) {
          try (InputStream in =
              MigrationRunner.class.getClassLoader().getResourceAsStream(path + "/" + script)) {
            if (in != null) {
              return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
        }
        for (Path dir : directories) {
          Path file = dir.resolve(script).normalize();
          if (file.startsWith(dir) && Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("Could not read migration script " + script, e);
      }
      throw new IllegalStateException("Migration script " + script + " not found in " + locations);
    }
  }
}
