package org.ckanmigrate.index.read;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ckanmigrate.index.document.PyDates;

/**
 * Reads a batch of datasets with one query per table (packages, extras, resources, tags with
 * vocabularies, group memberships, organizations, relationships with the other dataset's name,
 * tracking), never one query per dataset: CKAN's own rebuild spends most of its time in the
 * per-dataset queries of {@code package_show}.
 */
public final class DatasetBatchReader {

  // CKAN's model column order, which is the key order of package_show's dicts (not the physical
  // column order of an upgraded database).
  static final List<String> PACKAGE_COLUMNS =
      List.of(
          "id",
          "name",
          "title",
          "version",
          "url",
          "author",
          "author_email",
          "maintainer",
          "maintainer_email",
          "notes",
          "license_id",
          "type",
          "owner_org",
          "creator_user_id",
          "metadata_created",
          "metadata_modified",
          "private",
          "state");
  static final List<String> RESOURCE_COLUMNS =
      List.of(
          "id",
          "package_id",
          "url",
          "format",
          "description",
          "hash",
          "position",
          "name",
          "resource_type",
          "mimetype",
          "mimetype_inner",
          "size",
          "created",
          "last_modified",
          "metadata_modified",
          "cache_url",
          "cache_last_updated",
          "url_type",
          "state",
          "extras");
  static final List<String> EXTRA_COLUMNS = List.of("id", "package_id", "key", "value", "state");
  static final List<String> GROUP_COLUMNS =
      List.of(
          "id",
          "name",
          "title",
          "type",
          "description",
          "image_url",
          "created",
          "is_organization",
          "approval_status",
          "state");
  static final List<String> RELATIONSHIP_COLUMNS =
      List.of("id", "subject_package_id", "object_package_id", "type", "comment", "state");

  private final CkanSchema schema;

  public DatasetBatchReader(CkanSchema schema) {
    this.schema = schema;
  }

  public CkanSchema schema() {
    return schema;
  }

  /**
   * Reads the given datasets. Ids that do not exist are left out; the result follows the order of
   * {@code ids}.
   */
  public List<DatasetRows> read(Connection connection, List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    Array idArray = connection.createArrayOf("text", ids.toArray(String[]::new));
    Map<String, Map<String, Object>> packages = new HashMap<>();
    for (Map<String, Object> row :
        query(
            connection,
            "SELECT "
                + select("p", "package", PACKAGE_COLUMNS)
                + " FROM package p WHERE p.id = ANY (?)",
            idArray)) {
      packages.put((String) row.get("id"), row);
    }
    Map<String, List<Map<String, Object>>> resources =
        byKey(
            query(
                connection,
                "SELECT "
                    + select("r", "resource", RESOURCE_COLUMNS)
                    + " FROM resource r WHERE r.package_id = ANY (?) ORDER BY r.ctid",
                idArray),
            "package_id",
            false);
    Map<String, List<Map<String, Object>>> extras =
        byKey(
            query(
                connection,
                "SELECT "
                    + select("e", "package_extra", EXTRA_COLUMNS)
                    + " FROM package_extra e WHERE e.package_id = ANY (?) ORDER BY e.ctid",
                idArray),
            "package_id",
            false);
    Map<String, List<DatasetRows.Tag>> tags = readTags(connection, idArray);
    Map<String, List<Map<String, Object>>> groups =
        byKey(
            query(
                connection,
                "SELECT "
                    + select("g", "group", GROUP_COLUMNS)
                    + ", m.capacity AS capacity, m.table_id AS \"__package_id\""
                    + " FROM member m JOIN \"group\" g ON g.id = m.group_id"
                    + " WHERE m.table_id = ANY (?) AND m.state = 'active'"
                    + " AND g.is_organization = false ORDER BY m.ctid",
                idArray),
            "__package_id",
            true);
    Map<String, Map<String, Object>> organizations = readOrganizations(connection, packages);
    Map<String, List<DatasetRows.Relationship>> asSubject = new HashMap<>();
    Map<String, List<DatasetRows.Relationship>> asObject = new HashMap<>();
    readRelationships(connection, idArray, ids, asSubject, asObject);
    Map<String, DatasetRows.Tracking> tracking = readTracking(connection, idArray);

    List<DatasetRows> result = new ArrayList<>(ids.size());
    for (String id : new LinkedHashSet<>(ids)) {
      Map<String, Object> pkg = packages.get(id);
      if (pkg == null) {
        continue;
      }
      result.add(
          new DatasetRows(
              pkg,
              resources.getOrDefault(id, List.of()),
              extras.getOrDefault(id, List.of()),
              tags.getOrDefault(id, List.of()),
              groups.getOrDefault(id, List.of()),
              organizations.get((String) pkg.get("owner_org")),
              asSubject.getOrDefault(id, List.of()),
              asObject.getOrDefault(id, List.of()),
              tracking.get(id)));
    }
    return result;
  }

  private Map<String, List<DatasetRows.Tag>> readTags(Connection connection, Array idArray)
      throws SQLException {
    boolean vocabularies = schema.hasTable("vocabulary") && schema.has("tag", "vocabulary_id");
    String sql =
        "SELECT t.id AS id, t.name AS name, "
            + (vocabularies ? "t.vocabulary_id" : "NULL::text")
            + " AS vocabulary_id, pt.state AS state, pt.package_id AS \"__package_id\", "
            + (vocabularies ? "v.name" : "NULL::text")
            + " AS \"__vocabulary_name\" FROM package_tag pt JOIN tag t ON t.id = pt.tag_id"
            + (vocabularies ? " LEFT JOIN vocabulary v ON v.id = t.vocabulary_id" : "")
            + " WHERE pt.package_id = ANY (?) ORDER BY pt.ctid";
    Map<String, List<DatasetRows.Tag>> out = new HashMap<>();
    for (Map<String, Object> row : query(connection, sql, idArray)) {
      String pkg = (String) row.remove("__package_id");
      String vocab = (String) row.remove("__vocabulary_name");
      out.computeIfAbsent(pkg, k -> new ArrayList<>()).add(new DatasetRows.Tag(row, vocab));
    }
    return out;
  }

  private Map<String, Map<String, Object>> readOrganizations(
      Connection connection, Map<String, Map<String, Object>> packages) throws SQLException {
    Set<String> orgIds =
        packages.values().stream()
            .map(p -> (String) p.get("owner_org"))
            .filter(o -> o != null)
            .collect(Collectors.toSet());
    Map<String, Map<String, Object>> out = new HashMap<>();
    if (orgIds.isEmpty()) {
      return out;
    }
    for (Map<String, Object> row :
        query(
            connection,
            "SELECT "
                + select("g", "group", GROUP_COLUMNS)
                + " FROM \"group\" g WHERE g.id = ANY (?) AND g.state = 'active'",
            connection.createArrayOf("text", orgIds.toArray(String[]::new)))) {
      out.putIfAbsent((String) row.get("id"), row);
    }
    return out;
  }

  private void readRelationships(
      Connection connection,
      Array idArray,
      List<String> ids,
      Map<String, List<DatasetRows.Relationship>> asSubject,
      Map<String, List<DatasetRows.Relationship>> asObject)
      throws SQLException {
    if (!schema.hasTable("package_relationship")) {
      return;
    }
    Set<String> wanted = Set.copyOf(ids);
    String sql =
        "SELECT "
            + select("r", "package_relationship", RELATIONSHIP_COLUMNS)
            + ", sp.name AS \"__subject_name\", op.name AS \"__object_name\""
            + " FROM package_relationship r"
            + " LEFT JOIN package sp ON sp.id = r.subject_package_id"
            + " LEFT JOIN package op ON op.id = r.object_package_id"
            + " WHERE r.subject_package_id = ANY (?) OR r.object_package_id = ANY (?)"
            + " ORDER BY r.ctid";
    for (Map<String, Object> row : query(connection, sql, idArray, idArray)) {
      String subjectName = (String) row.remove("__subject_name");
      String objectName = (String) row.remove("__object_name");
      String subject = (String) row.get("subject_package_id");
      String object = (String) row.get("object_package_id");
      if (wanted.contains(subject)) {
        asSubject
            .computeIfAbsent(subject, k -> new ArrayList<>())
            .add(new DatasetRows.Relationship(row, objectName));
      }
      if (wanted.contains(object)) {
        asObject
            .computeIfAbsent(object, k -> new ArrayList<>())
            .add(new DatasetRows.Relationship(row, subjectName));
      }
    }
  }

  private Map<String, DatasetRows.Tracking> readTracking(Connection connection, Array idArray)
      throws SQLException {
    Map<String, DatasetRows.Tracking> out = new HashMap<>();
    if (!schema.has("tracking_summary", "running_total")) {
      return out;
    }
    String sql =
        "SELECT DISTINCT ON (package_id) package_id, running_total, recent_views"
            + " FROM tracking_summary WHERE package_id = ANY (?)"
            + " ORDER BY package_id, tracking_date DESC NULLS LAST";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setArray(1, idArray);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new DatasetRows.Tracking(rs.getInt(2), rs.getInt(3)));
        }
      }
    }
    return out;
  }

  // Columns the model knows and the database has, in model order; the others are left out just as
  // SQLAlchemy leaves out columns its model does not declare. Up to 2.8 the revisioned tables'
  // revision_id is part of the dictized rows too.
  private String select(String alias, String table, List<String> modelColumns) {
    List<String> columns = new ArrayList<>(modelColumns);
    if (!schema.release().atLeast(CkanRelease.V2_9) && !table.equals("group")) {
      columns.add("revision_id");
    }
    return columns.stream()
        .filter(c -> schema.has(table, c))
        .map(c -> alias + ".\"" + c + "\" AS \"" + c + "\"")
        .collect(Collectors.joining(", "));
  }

  private static Map<String, List<Map<String, Object>>> byKey(
      List<Map<String, Object>> rows, String key, boolean remove) {
    Map<String, List<Map<String, Object>>> out = new HashMap<>();
    for (Map<String, Object> row : rows) {
      String k = (String) (remove ? row.remove(key) : row.get(key));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(row);
    }
    return out;
  }

  private static List<Map<String, Object>> query(Connection connection, String sql, Array... args)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setArray(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        // Looked up once per query, not per row: PgJDBC resolves a column's type through its
        // type cache on every getColumnType call.
        String[] labels = new String[n + 1];
        int[] types = new int[n + 1];
        for (int i = 1; i <= n; i++) {
          labels[i] = md.getColumnLabel(i);
          types[i] = md.getColumnType(i);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>(n * 2);
          for (int i = 1; i <= n; i++) {
            row.put(labels[i], value(rs, i, types[i]));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  // CKAN's table_dictize conversions: datetimes to isoformat, ints and booleans kept, decimals and
  // everything else as str().
  private static Object value(ResultSet rs, int i, int type) throws SQLException {
    switch (type) {
      case Types.TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : PyDates.isoformat(t);
      }
      case Types.DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean b = rs.getBoolean(i);
        return rs.wasNull() ? null : b;
      }
      case Types.INTEGER, Types.SMALLINT -> {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
      }
      case Types.BIGINT -> {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
      }
      case Types.NUMERIC, Types.DECIMAL -> {
        BigDecimal v = rs.getBigDecimal(i);
        return v == null ? null : v.toPlainString();
      }
      default -> {
        return rs.getString(i);
      }
    }
  }
}
