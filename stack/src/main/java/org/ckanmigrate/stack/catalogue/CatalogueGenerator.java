package org.ckanmigrate.stack.catalogue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a real CKAN database of a chosen {@link CkanEra} in an empty PostgreSQL database and
 * fills it with a synthetic catalogue of realistic shape, deterministic from a seed.
 *
 * <pre>{@code
 * CatalogueStats stats = CatalogueGenerator.builder()
 *     .era(CkanEra.V2_2).datasets(10_000).seed(42).build()
 *     .generate(connection);
 * }</pre>
 *
 * <p>Tables are created bare, filled with {@code COPY} and only then given their keys, indexes and
 * foreign keys, all in one transaction: either the whole catalogue exists or nothing does.
 *
 * <p>What a catalogue holds: organizations and groups with member rows; users (sysadmins, one with
 * full name {@code 2ndline} and the site user with none; organization admins, editors and members;
 * plain users; some deleted users, some sharing a full name); datasets with 0–20 resources in
 * position order (some without name or format), extras (list-valued JSON, {@code {a,b}} arrays,
 * values over 32 KB, keys that need sanitising, reserved keys such as {@code tags} or {@code
 * text}), free and vocabulary tags, groups, relationships, activities, unicode and control
 * characters in titles, notes and extras; the {@link Shape}s real portals hold (on by default, see
 * {@link Builder#shapes(Shapes)}); private, draft and deleted fractions; datasets without
 * organization; harvest sources with jobs, gather errors, harvest objects (current and historic,
 * some failed) pointing at harvested datasets.
 *
 * <p>2.2-era only: revision and {@code *_revision} rows for every versioned object, the old
 * authorisation tables, resource groups, {@code related}, data.gov.uk's extras ({@code
 * theme-primary} display values, {@code schema}, the deprecated {@code *_resources} lists),
 * organogram datasets (organogram schema ids, CSV resources under {@code
 * https://data.gov.uk/sites/default/files/organogram/} and an {@code 'Organogram viewer'}
 * resource), the harvest source types {@code gemini-single}, {@code gemini-csw}, {@code
 * gemini-waf}, {@code data_json} and {@code dkan}, the duplicated harvest source {@code
 * 2c798023-abac-4785-ad19-67bd5c1aed63} with jobs and objects, and the continuity-id indexes.
 *
 * <p>2.9 and 2.10 eras: {@code alembic_version}, collaborators ({@code package_member}), API
 * tokens, resource views, {@code harvest_log}, and each harvest source also as a {@code
 * type='harvest'} package with {@code source_type}/{@code frequency}/{@code config} extras and its
 * publisher as owner organization.
 *
 * <p>2.10-era only: users' {@code last_active} (most users), and {@code plugin_data} on a few
 * datasets, which a search document must not carry.
 */
public final class CatalogueGenerator {

  private static final Logger log = LoggerFactory.getLogger(CatalogueGenerator.class);

  private final Settings settings;

  /** Whether to add ckanext-spatial's objects ({@link SpatialExtension}). */
  private final boolean spatial;

  private CatalogueGenerator(Settings settings, boolean spatial) {
    this.settings = settings;
    this.spatial = spatial;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the schema and the catalogue in the database {@code connection} points at, which must
   * have no CKAN tables yet. Commits on success; rolls back and rethrows on failure. The
   * connection's auto-commit setting is restored afterwards.
   */
  public CatalogueStats generate(Connection connection) throws SQLException {
    long started = System.nanoTime();
    requireEmpty(connection);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      CatalogueStats stats = generateInTransaction(connection, started);
      connection.commit();
      log.info("Generated CKAN {} catalogue: {}", settings.era().label(), stats);
      return stats;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private void requireEmpty(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name IN ('package', 'migrate_version', 'alembic_version')")) {
      rs.next();
      if (rs.getInt(1) > 0) {
        throw new IllegalStateException(
            "The target database already holds CKAN tables; give the generator an empty database"
                + " (e.g. PostgresServer.shared().createDatabase(\"catalogue\"))");
      }
    }
  }

  private CatalogueStats generateInTransaction(Connection connection, long started)
      throws SQLException {
    CkanEra era = settings.era();
    try (Statement statement = connection.createStatement()) {
      // COPY into tables created in this transaction; no need to wait for WAL flushes.
      statement.execute("SET LOCAL synchronous_commit = off");
      // Index builds after the load are the slowest part; give them room to sort in memory.
      statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
    }
    for (String script : era.scripts("tables.sql")) {
      SqlScript.run(connection, script);
    }
    MessageDigest digest = sha256();
    Plan plan = new Plan(settings);
    CatalogueWriter writer = new CatalogueWriter(plan, connection, digest);
    writer.writeShared();
    long afterShared = System.nanoTime();
    int total = settings.datasets();
    for (int from = 0; from < total; from += settings.blockSize()) {
      int to = Math.min(total, from + settings.blockSize());
      List<Plan.Dataset> block = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        block.add(plan.dataset(i));
      }
      writer.writeBlock(block);
      log.debug("Wrote datasets {}..{} of {}", from, to - 1, total);
    }
    long afterData = System.nanoTime();
    for (String script : era.scripts("constraints.sql")) {
      SqlScript.run(connection, script);
    }
    Map<String, Long> spatialRows = spatial ? SpatialExtension.install(connection, era) : Map.of();
    log.info(
        "CKAN {} catalogue of {} datasets: shared objects {} ms, datasets {} ms, keys and"
            + " indexes {} ms",
        era.label(),
        total,
        (afterShared - started) / 1_000_000,
        (afterData - afterShared) / 1_000_000,
        (System.nanoTime() - afterData) / 1_000_000);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT setval('system_info_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM"
              + " system_info), false)");
    }
    if (log.isDebugEnabled()) {
      writer.copyNanos.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(8)
          .forEach(e -> log.debug("COPY {}: {} ms", e.getKey(), e.getValue() / 1_000_000));
    }
    Map<String, Long> rows = new TreeMap<>();
    for (String table : tables(connection)) {
      rows.put(
          table, writer.rowCounts.getOrDefault(table, 0L) + spatialRows.getOrDefault(table, 0L));
    }
    CatalogueWriter.Tally t = writer.tally;
    int sysadmins = plan.sysadminCount();
    int publishing = plan.publishingUsers.cardinality();
    return new CatalogueStats(
        era,
        settings.seed(),
        rows,
        t.datasets,
        t.active,
        t.draft,
        t.deleted,
        t.privateDatasets,
        t.publicActive,
        t.withoutOrganization,
        t.harvested,
        settings.organizations(),
        settings.groups(),
        settings.users(),
        sysadmins,
        publishing,
        settings.users() - sysadmins - publishing,
        plan.harvestSources.size(),
        era.isAtLeast(CkanEra.V2_9) ? plan.harvestSources.size() : 0,
        t.resources,
        t.organograms,
        t.organogramViewers,
        t.longExtras,
        HexFormat.of().formatHex(digest.digest()),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static List<String> tables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  Settings settings() {
    return settings;
  }

  /** Settings of a {@link CatalogueGenerator}; only {@link #era(CkanEra)} is required. */
  public static final class Builder {
    private CkanEra era;
    private int datasets = 1_000;
    private long seed = 1;
    private double privateFraction = 0.10;
    private double draftFraction = 0.03;
    private double deletedFraction = 0.05;
    private double withoutOrganizationFraction = 0.05;
    private double harvestedFraction = 0.15;
    private Integer organizations;
    private Integer groups;
    private Integer users;
    private Integer harvestSources;
    private String alembicVersion;
    private int blockSize = 5_000;
    private Shapes shapes = Shapes.all();
    private boolean spatial;

    private Builder() {}

    /** The schema era to create (required). */
    public Builder era(CkanEra era) {
      this.era = era;
      return this;
    }

    /** Number of {@code type='dataset'} packages (default 1,000). */
    public Builder datasets(int datasets) {
      this.datasets = datasets;
      return this;
    }

    /** The seed all content derives from (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Expected fraction of private datasets, any state (default 0.10). */
    public Builder privateFraction(double fraction) {
      this.privateFraction = fraction;
      return this;
    }

    /** Expected fraction of datasets in state {@code draft} (default 0.03). */
    public Builder draftFraction(double fraction) {
      this.draftFraction = fraction;
      return this;
    }

    /** Expected fraction of datasets in state {@code deleted} (default 0.05). */
    public Builder deletedFraction(double fraction) {
      this.deletedFraction = fraction;
      return this;
    }

    /** Expected fraction of datasets without an owner organization (default 0.05). */
    public Builder withoutOrganizationFraction(double fraction) {
      this.withoutOrganizationFraction = fraction;
      return this;
    }

    /** Expected fraction of datasets that came from a harvest source (default 0.15). */
    public Builder harvestedFraction(double fraction) {
      this.harvestedFraction = fraction;
      return this;
    }

    /** Number of organizations (default datasets / 40, between 5 and 2,000). */
    public Builder organizations(int organizations) {
      this.organizations = organizations;
      return this;
    }

    /** Number of (thematic) groups (default datasets / 500, between 3 and 100). */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /** Number of users, sysadmins and pseudo-users included (default datasets / 5, ≥ 30). */
    public Builder users(int users) {
      this.users = users;
      return this;
    }

    /** Number of harvest sources (default datasets / 500, between 6 and 200). */
    public Builder harvestSources(int harvestSources) {
      this.harvestSources = harvestSources;
      return this;
    }

    /**
     * The revision written to {@code alembic_version} in the alembic eras (default the era's head:
     * 2.9.11's, 2.10's).
     */
    public Builder alembicVersion(String alembicVersion) {
      this.alembicVersion = alembicVersion;
      return this;
    }

    /** Datasets generated and copied per round (default 5,000); bounds memory use. */
    public Builder blockSize(int blockSize) {
      this.blockSize = blockSize;
      return this;
    }

    /**
     * The shapes of real portals the catalogue holds (default {@link Shapes#all()}: every shape,
     * half of the blank text values {@code ''}).
     */
    public Builder shapes(Shapes shapes) {
      this.shapes = shapes;
      return this;
    }

    /**
     * Whether the catalogue is a ckanext-spatial portal's (default false): PostGIS and its
     * siblings, {@code package_extent}, {@code spatial} extras; see {@link SpatialExtension}.
     */
    public Builder spatial(boolean spatial) {
      this.spatial = spatial;
      return this;
    }

    /** Validates the settings; throws {@link IllegalArgumentException} naming the bad one. */
    public CatalogueGenerator build() {
      return new CatalogueGenerator(
          new Settings(
              era,
              datasets,
              seed,
              privateFraction,
              draftFraction,
              deletedFraction,
              withoutOrganizationFraction,
              harvestedFraction,
              organizations != null ? organizations : clamp(datasets / 40, 5, 2_000),
              groups != null ? groups : clamp(datasets / 500, 3, 100),
              users != null ? users : Math.max(30, datasets / 5),
              harvestSources != null ? harvestSources : clamp(datasets / 500, 6, 200),
              alembicVersion != null || era == null
                  ? alembicVersion
                  : era.alembicHead().orElse(null),
              blockSize,
              shapes),
          spatial);
    }

    private static int clamp(int value, int min, int max) {
      return Math.max(min, Math.min(max, value));
    }
  }
}
