package org.ckanmigrate.stack.catalogue;

import static org.ckanmigrate.stack.catalogue.Ids.Kind;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.stack.catalogue.Plan.HarvestSource;
import org.postgresql.copy.CopyManager;

/**
 * What the site's tables ({@link SiteTables}) and the datasets' ({@link DatasetTables}) share: the
 * plan and its era, one COPY per table into the same digest, row counts and timings, and the few
 * ids and column lists both sides write.
 */
abstract class CatalogueTables {

  /** vdm's "never expired" timestamp. */
  static final String FOREVER = "9999-12-31 00:00:00";

  static final long DAY = 86_400_000_000L;

  final Plan plan;

  final CkanEra era;

  final long seed;

  final boolean old;

  final boolean tenOrLater;

  final CopyManager copies;

  final MessageDigest digest;

  CopyWriter copy(String table, String columns) throws SQLException {
    return CopyWriter.open(copies, digest, rowCounts, copyNanos, table, columns);
  }

  String ts(long micros) {
    return Texts.timestamp(micros);
  }

  String setupRevision() {
    return Ids.uuid(seed, Kind.REVISION, 0, 0);
  }

  String groupRevision(int g) {
    return Ids.uuid(seed, Kind.REVISION, 2, g);
  }

  final Map<String, Long> rowCounts;
  final Map<String, Long> copyNanos;
  final CatalogueWriter.Tally tally;

  /**
   * Where both sides' rows go: one COPY stream per table, the shared digest, counts and timings.
   */
  record Sink(
      CopyManager copies,
      MessageDigest digest,
      Map<String, Long> rowCounts,
      Map<String, Long> copyNanos,
      CatalogueWriter.Tally tally) {}

  CatalogueTables(Plan plan, Sink sink) {
    this.plan = plan;
    this.era = plan.era;
    this.seed = plan.seed;
    this.old = era == CkanEra.V2_2;
    this.tenOrLater = era.isAtLeast(CkanEra.V2_10);
    this.copies = sink.copies();
    this.digest = sink.digest();
    this.rowCounts = sink.rowCounts();
    this.copyNanos = sink.copyNanos();
    this.tally = sink.tally();
  }

  CopyWriter revisionCopy() throws SQLException {
    return copy("revision", "id, \"timestamp\", author, message, state, approved_timestamp");
  }

  /** A membership row: the shape both {@code member} and {@code member_revision} start with. */
  record Membership(
      String id,
      String groupId,
      String tableId,
      String tableName,
      String capacity,
      String revisionId,
      long createdMicros) {}

  void writeMemberships(List<Membership> rows) throws SQLException {
    String columns = "id, table_id, group_id, state, table_name, capacity";
    try (CopyWriter w = copy("member", columns + (old ? ", revision_id" : ""))) {
      for (Membership m : rows) {
        w.add(m.id()).add(m.tableId()).add(m.groupId()).add("active").add(m.tableName());
        w.add(m.capacity());
        if (old) {
          w.add(m.revisionId());
        }
        w.end();
      }
    }
    if (old) {
      try (CopyWriter w =
          copy(
              "member_revision",
              columns
                  + ", revision_id, continuity_id, expired_id, revision_timestamp,"
                  + " expired_timestamp, current")) {
        for (Membership m : rows) {
          w.add(m.id())
              .add(m.tableId())
              .add(m.groupId())
              .add("active")
              .add(m.tableName())
              .add(m.capacity())
              .add(m.revisionId())
              .add(m.id())
              .add((String) null)
              .add(ts(m.createdMicros()))
              .add(FOREVER)
              .add(Boolean.TRUE)
              .end();
        }
      }
    }
  }

  String jobId(int source, int job) {
    return Ids.uuid(seed, Kind.HARVEST_JOB, source, job);
  }

  long jobCreated(HarvestSource s, int job) {
    return s.createdMicros() + (job + 1) * 30 * DAY;
  }

  String activityId(int kind, long index, int n) {
    return Ids.uuid(seed, Kind.ACTIVITY, kind, index * 4 + n);
  }

  static final String ACTIVITY_COLUMNS =
      "id, \"timestamp\", user_id, object_id, revision_id, activity_type, data";

  String packageColumns() {
    return old
        ? "id, name, title, version, url, notes, author, author_email, maintainer,"
            + " maintainer_email, state, license_id, type, owner_org, private, metadata_modified,"
            + " creator_user_id, revision_id"
        : "id, name, title, version, url, notes, author, author_email, maintainer,"
            + " maintainer_email, state, license_id, type, owner_org, private, metadata_modified,"
            + " creator_user_id, metadata_created"
            + (tenOrLater ? ", plugin_data" : "");
  }
}
