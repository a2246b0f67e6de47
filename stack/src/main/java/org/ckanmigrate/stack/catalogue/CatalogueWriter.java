package org.ckanmigrate.stack.catalogue;

import static org.ckanmigrate.stack.catalogue.Ids.Kind;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ckanmigrate.stack.catalogue.Plan.Dataset;
import org.ckanmigrate.stack.catalogue.Plan.Extra;
import org.ckanmigrate.stack.catalogue.Plan.Group;
import org.ckanmigrate.stack.catalogue.Plan.HarvestSource;
import org.ckanmigrate.stack.catalogue.Plan.Resource;
import org.ckanmigrate.stack.catalogue.Plan.User;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a {@link Plan} into an empty database: shared objects first, then datasets block by block,
 * one COPY per table and block. Column lists follow the era's DDL in {@code resources/catalogue/}.
 */
final class CatalogueWriter {

  /** vdm's "never expired" timestamp. */
  private static final String FOREVER = "9999-12-31 00:00:00";

  private static final long DAY = 86_400_000_000L;

  private final Plan plan;
  private final CkanEra era;
  private final long seed;
  private final boolean old;
  private final boolean tenOrLater;
  private final CopyManager copies;
  private final MessageDigest digest;
  final Map<String, Long> rowCounts = new TreeMap<>();

  /** Time spent per table (generating and copying its rows), for the debug log. */
  final Map<String, Long> copyNanos = new TreeMap<>();

  final Tally tally = new Tally();

  CatalogueWriter(Plan plan, Connection connection, MessageDigest digest) throws SQLException {
    this.plan = plan;
    this.era = plan.era;
    this.seed = plan.seed;
    this.old = era == CkanEra.V2_2;
    this.tenOrLater = era.isAtLeast(CkanEra.V2_10);
    this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
    this.digest = digest;
  }

  /** Counts of dataset-level facts, gathered once per dataset. */
  static final class Tally {
    int datasets;
    int active;
    int draft;
    int deleted;
    int privateDatasets;
    int publicActive;
    int withoutOrganization;
    int harvested;
    int resources;
    int organograms;
    int organogramViewers;
    int longExtras;
  }

  private CopyWriter copy(String table, String columns) throws SQLException {
    return CopyWriter.open(copies, digest, rowCounts, copyNanos, table, columns);
  }

  private String ts(long micros) {
    return Texts.timestamp(micros);
  }

  private String setupRevision() {
    return Ids.uuid(seed, Kind.REVISION, 0, 0);
  }

  private String groupRevision(int g) {
    return Ids.uuid(seed, Kind.REVISION, 2, g);
  }

  // ======================================================================== shared objects

  void writeShared() throws SQLException {
    writeVersion();
    if (old) {
      writeSharedRevisions();
    }
    writeUsers();
    writeGroups();
    writeGroupMembers();
    writeVocabularies();
    writeHarvestSources();
    writeSystemInfo();
    writeDashboards();
    writeSharedActivities();
    if (old) {
      writeOldAuthorization();
    } else {
      writeApiTokens();
      writeHarvestSourcePackages();
    }
  }

  private void writeVersion() throws SQLException {
    if (old) {
      try (CopyWriter w = copy("migrate_version", "repository_id, repository_path, version")) {
        w.add("Ckan")
            .add("/usr/lib/ckan/default/src/ckan/ckan/migration")
            .add(CkanEra.MIGRATE_VERSION_2_2)
            .end();
      }
    } else {
      try (CopyWriter w = copy("alembic_version", "version_num")) {
        w.add(plan.settings.alembicVersion()).end();
      }
    }
  }

  private void writeSharedRevisions() throws SQLException {
    try (CopyWriter w = revisionCopy()) {
      w.add(setupRevision())
          .add(ts(Texts.EPOCH_MICROS))
          .add("system")
          .add("Add versioning to groups, group_extras and package_groups")
          .add("active")
          .add(ts(Texts.EPOCH_MICROS))
          .end();
      for (Group g : plan.groups) {
        w.add(groupRevision(g.index()))
            .add(ts(g.createdMicros()))
            .add(plan.users.get(g.admins().isEmpty() ? 0 : g.admins().get(0)).name())
            .add("REST API: Create object " + g.name())
            .add("active")
            .add(ts(g.createdMicros()))
            .end();
      }
    }
  }

  private CopyWriter revisionCopy() throws SQLException {
    return copy("revision", "id, \"timestamp\", author, message, state, approved_timestamp");
  }

  private void writeUsers() throws SQLException {
    String columns =
        "id, name, apikey, created, about, password, fullname, email, reset_key, sysadmin,"
            + " activity_streams_email_notifications, state"
            + (old ? ", openid" : ", plugin_extras, image_url")
            + (tenOrLater ? ", last_active" : "");
    try (CopyWriter w = copy("user", columns)) {
      for (User u : plan.users) {
        w.add(u.id())
            .add(u.name())
            .add(u.apikey())
            .add(ts(u.createdMicros()))
            .add(u.about())
            .add(u.password())
            .add(u.fullname())
            .add(u.email())
            .add((String) null)
            .add(u.sysadmin())
            .add(Boolean.FALSE)
            .add(u.state());
        if (old) {
          w.add(u.index() % 50 == 7 ? "https://openid.example.org/" + u.name() : null);
        } else {
          w.add(u.pluginExtras()).add(u.imageUrl());
        }
        if (tenOrLater) {
          // Most users were seen after they registered; one in eight never came back.
          w.add(u.index() % 8 == 3 ? null : ts(u.createdMicros() + (u.index() % 97 + 1) * DAY));
        }
        w.end();
      }
    }
  }

  private void writeGroups() throws SQLException {
    String base =
        "id, name, title, description, created, state, type, approval_status, image_url,"
            + " is_organization";
    try (CopyWriter w = copy("group", base + (old ? ", revision_id" : ""))) {
      for (Group g : plan.groups) {
        groupRow(w, g);
        if (old) {
          w.add(groupRevision(g.index()));
        }
        w.end();
      }
    }
    if (old) {
      try (CopyWriter w =
          copy(
              "group_revision",
              base
                  + ", revision_id, continuity_id, expired_id, revision_timestamp,"
                  + " expired_timestamp, current")) {
        for (Group g : plan.groups) {
          groupRow(w, g);
          w.add(groupRevision(g.index()))
              .add(g.id())
              .add((String) null)
              .add(ts(g.createdMicros()))
              .add(FOREVER)
              .add(Boolean.TRUE)
              .end();
        }
      }
    }
    String extraColumns = "id, group_id, key, value, state" + (old ? ", revision_id" : "");
    try (CopyWriter w = copy("group_extra", extraColumns)) {
      for (Group g : plan.groups) {
        if (g.category() != null) {
          w.add(Ids.uuid(seed, Kind.GROUP_EXTRA, g.index()))
              .add(g.id())
              .add("category")
              .add(g.category())
              .add("active");
          if (old) {
            w.add(groupRevision(g.index()));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w =
          copy(
              "group_extra_revision",
              "id, group_id, key, value, state, revision_id, continuity_id, expired_id,"
                  + " revision_timestamp, expired_timestamp, current")) {
        for (Group g : plan.groups) {
          if (g.category() != null) {
            String id = Ids.uuid(seed, Kind.GROUP_EXTRA, g.index());
            w.add(id)
                .add(g.id())
                .add("category")
                .add(g.category())
                .add("active")
                .add(groupRevision(g.index()))
                .add(id)
                .add((String) null)
                .add(ts(g.createdMicros()))
                .add(FOREVER)
                .add(Boolean.TRUE)
                .end();
          }
        }
      }
    }
  }

  private void groupRow(CopyWriter w, Group g) {
    w.add(g.id())
        .add(g.name())
        .add(g.title())
        .add(g.description())
        .add(ts(g.createdMicros()))
        .add("active")
        .add(g.organization() ? "organization" : "group")
        .add("approved")
        .add(g.imageUrl())
        .add(g.organization());
  }

  /** A membership row: the shape both {@code member} and {@code member_revision} start with. */
  private record Membership(
      String id,
      String groupId,
      String tableId,
      String tableName,
      String capacity,
      String revisionId,
      long createdMicros) {}

  private List<Membership> userMemberships() {
    List<Membership> rows = new ArrayList<>();
    for (Group g : plan.groups) {
      int k = 0;
      for (String capacity : new String[] {"admin", "editor", "member"}) {
        List<Integer> users =
            switch (capacity) {
              case "admin" -> g.admins();
              case "editor" -> g.editors();
              default -> g.members();
            };
        for (int u : users) {
          rows.add(
              new Membership(
                  Ids.uuid(seed, Kind.MEMBER, 0, g.index() * 16L + k++),
                  g.id(),
                  plan.users.get(u).id(),
                  "user",
                  capacity,
                  groupRevision(g.index()),
                  g.createdMicros()));
        }
      }
    }
    return rows;
  }

  private void writeGroupMembers() throws SQLException {
    writeMemberships(userMemberships());
  }

  private void writeMemberships(List<Membership> rows) throws SQLException {
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

  private void writeVocabularies() throws SQLException {
    try (CopyWriter w = copy("vocabulary", "id, name")) {
      for (int v = 0; v < Plan.VOCABULARIES.length; v++) {
        w.add(plan.vocabularyId(v)).add(Plan.VOCABULARIES[v][0]).end();
      }
    }
    try (CopyWriter w = copy("tag", "id, name, vocabulary_id")) {
      for (Plan.Tag t : plan.tags) {
        w.add(t.id()).add(t.name()).add(t.vocabularyId()).end();
      }
    }
  }

  private String jobId(int source, int job) {
    return Ids.uuid(seed, Kind.HARVEST_JOB, source, job);
  }

  private long jobCreated(HarvestSource s, int job) {
    return s.createdMicros() + (job + 1) * 30 * DAY;
  }

  private void writeHarvestSources() throws SQLException {
    try (CopyWriter w =
        copy(
            "harvest_source",
            "id, url, title, description, config, created, type, active, user_id, publisher_id,"
                + " frequency, next_run")) {
      for (HarvestSource s : plan.harvestSources) {
        w.add(s.id())
            .add(s.url())
            .add(s.title())
            .add(s.description())
            .add(s.config())
            .add(ts(s.createdMicros()))
            .add(s.type())
            .add(s.active())
            .add(plan.users.get(s.userIndex()).id())
            .add(plan.groups.get(s.publisherGroup()).id())
            .add(s.frequency())
            .add("MANUAL".equals(s.frequency()) ? null : ts(jobCreated(s, s.jobs()) + DAY))
            .end();
      }
    }
    try (CopyWriter w =
        copy(
            "harvest_job",
            "id, created, gather_started, gather_finished, finished, source_id, status")) {
      for (HarvestSource s : plan.harvestSources) {
        for (int j = 0; j < s.jobs(); j++) {
          long created = jobCreated(s, j);
          w.add(jobId(s.index(), j))
              .add(ts(created))
              .add(ts(created + 1_000_000))
              .add(ts(created + 60_000_000))
              .add(ts(created + 3_600_000_000L))
              .add(s.id())
              .add("Finished")
              .end();
        }
      }
    }
    try (CopyWriter w = copy("harvest_gather_error", "id, harvest_job_id, message, created")) {
      for (HarvestSource s : plan.harvestSources) {
        for (int j = 0; j < s.jobs(); j++) {
          if ((s.index() + j) % 4 == 1 && !plan.isDuplicateSource(s.index())) {
            w.add(Ids.uuid(seed, Kind.HARVEST_GATHER_ERROR, s.index(), j))
                .add(jobId(s.index(), j))
                .add("Unable to get content for URL: " + s.url() + " (HTTP 503)")
                .add(ts(jobCreated(s, j) + 30_000_000))
                .end();
          }
        }
      }
    }
    if (!old) {
      try (CopyWriter w = copy("harvest_log", "id, content, level, created")) {
        for (HarvestSource s : plan.harvestSources) {
          w.add(Ids.uuid(seed, Kind.HARVEST_LOG, s.index()))
              .add("Harvest job finished for source " + s.id())
              .add(s.index() % 5 == 3 ? "WARNING" : "INFO")
              .add(ts(jobCreated(s, s.jobs() - 1) + 3_600_000_000L))
              .end();
        }
      }
    }
  }

  private void writeSystemInfo() throws SQLException {
    String[][] rows = {
      {"ckan.site_title", "Synthetic Open Data"},
      {"ckan.site_description", "A generated CKAN catalogue – données ünïcødé"},
      {"ckan.site_about", "Generated for tests.\n\nSecond paragraph with a tab\tand 🚀."},
      {"ckan.site_intro_text", ""}
    };
    String columns = old ? "id, key, value, revision_id" : "id, key, value, state";
    try (CopyWriter w = copy("system_info", columns)) {
      for (int i = 0; i < rows.length; i++) {
        w.add(i + 1).add(rows[i][0]).add(rows[i][1]).add(old ? setupRevision() : "active").end();
      }
    }
    if (old) {
      try (CopyWriter w =
          copy("system_info_revision", "id, key, value, revision_id, continuity_id")) {
        for (int i = 0; i < rows.length; i++) {
          w.add(i + 1).add(rows[i][0]).add(rows[i][1]).add(setupRevision()).add(i + 1).end();
        }
      }
    }
  }

  private void writeDashboards() throws SQLException {
    try (CopyWriter w =
        copy("dashboard", "user_id, activity_stream_last_viewed, email_last_sent")) {
      for (User u : plan.users) {
        if (u.index() % 5 != 3) {
          w.add(u.id()).add(ts(u.createdMicros())).add(ts(u.createdMicros() + 1)).end();
        }
      }
    }
  }

  private String activityId(int kind, long index, int n) {
    return Ids.uuid(seed, Kind.ACTIVITY, kind, index * 4 + n);
  }

  private static final String ACTIVITY_COLUMNS =
      "id, \"timestamp\", user_id, object_id, revision_id, activity_type, data";

  private void writeSharedActivities() throws SQLException {
    try (CopyWriter w = copy("activity", ACTIVITY_COLUMNS)) {
      for (User u : plan.users) {
        w.add(activityId(0, u.index(), 0))
            .add(ts(u.createdMicros()))
            .add(u.id())
            .add(u.id())
            .add((String) null)
            .add("new user")
            .add(
                old
                    ? "{\"user\": {\"id\": "
                        + Texts.json(u.id())
                        + ", \"name\": "
                        + Texts.json(u.name())
                        + ", \"fullname\": "
                        + Texts.json(u.fullname())
                        + "}}"
                    : null)
            .end();
      }
      for (Group g : plan.groups) {
        int actor = g.admins().isEmpty() ? 0 : g.admins().get(0);
        w.add(activityId(1, g.index(), 0))
            .add(ts(g.createdMicros()))
            .add(plan.users.get(actor).id())
            .add(g.id())
            .add(old ? groupRevision(g.index()) : null)
            .add(g.organization() ? "new organization" : "new group")
            .add(
                "{\"group\": {\"id\": "
                    + Texts.json(g.id())
                    + ", \"name\": "
                    + Texts.json(g.name())
                    + ", \"title\": "
                    + Texts.json(g.title())
                    + ", \"type\": "
                    + Texts.json(g.organization() ? "organization" : "group")
                    + ", \"is_organization\": "
                    + g.organization()
                    + "}}")
            .end();
      }
    }
  }

  private void writeOldAuthorization() throws SQLException {
    String[][] actions = {
      {"editor", "read-site"},
      {"editor", "read-user"},
      {"editor", "create-user"},
      {"reader", "read-site"},
      {"reader", "read-user"},
      {"reader", "create-user"},
      {"editor", "edit"},
      {"editor", "create-package"},
      {"editor", "create-group"},
      {"editor", "read"},
      {"editor", "file-upload"},
      {"anon_editor", "edit"},
      {"anon_editor", "create-package"},
      {"anon_editor", "create-user"},
      {"anon_editor", "read-user"},
      {"anon_editor", "read-site"},
      {"anon_editor", "read"},
      {"anon_editor", "file-upload"},
      {"reader", "read"}
    };
    try (CopyWriter w = copy("role_action", "id, role, context, action")) {
      for (int i = 0; i < actions.length; i++) {
        w.add(Ids.uuid(seed, Kind.ROLE_ACTION, i))
            .add(actions[i][0])
            .add("")
            .add(actions[i][1])
            .end();
      }
    }
    int sysadmins = plan.sysadminCount();
    // System roles: visitor reader, logged_in editor (as CKAN 2.2 sets up), sysadmins admin.
    List<String[]> systemRoles = new ArrayList<>();
    systemRoles.add(new String[] {plan.users.get(sysadmins).id(), "reader"});
    systemRoles.add(new String[] {plan.users.get(sysadmins + 1).id(), "editor"});
    for (int u = 0; u < sysadmins; u++) {
      systemRoles.add(new String[] {plan.users.get(u).id(), "admin"});
    }
    List<String[]> groupRoles = new ArrayList<>();
    for (Group g : plan.groups) {
      int k = 0;
      for (int u : g.admins()) {
        groupRoles.add(
            new String[] {
              Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 1, g.index() * 16L + k++),
              plan.users.get(u).id(),
              "admin",
              g.id()
            });
      }
      for (int u : g.editors()) {
        groupRoles.add(
            new String[] {
              Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 1, g.index() * 16L + k++),
              plan.users.get(u).id(),
              "editor",
              g.id()
            });
      }
    }
    // Two authorization groups, each with one publishing user and a role row on it.
    int[] authzUsers = new int[2];
    int found = 0;
    for (int u = plan.publishingUsers.nextSetBit(0);
        u >= 0 && found < 2;
        u = plan.publishingUsers.nextSetBit(u + 1)) {
      authzUsers[found++] = u;
    }
    try (CopyWriter w =
        copy("user_object_role", "id, user_id, context, role, authorized_group_id")) {
      for (int i = 0; i < systemRoles.size(); i++) {
        w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 0, i))
            .add(systemRoles.get(i)[0])
            .add("System")
            .add(systemRoles.get(i)[1])
            .add((String) null)
            .end();
      }
      for (String[] r : groupRoles) {
        w.add(r[0]).add(r[1]).add("Group").add(r[2]).add((String) null).end();
      }
      for (int a = 0; a < found; a++) {
        w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 3, a))
            .add(plan.users.get(authzUsers[a]).id())
            .add("AuthorizationGroup")
            .add("admin")
            .add(Ids.uuid(seed, Kind.AUTHORIZATION_GROUP, a))
            .end();
      }
    }
    try (CopyWriter w = copy("system_role", "user_object_role_id")) {
      for (int i = 0; i < systemRoles.size(); i++) {
        w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 0, i)).end();
      }
    }
    try (CopyWriter w = copy("group_role", "user_object_role_id, group_id")) {
      for (String[] r : groupRoles) {
        w.add(r[0]).add(r[3]).end();
      }
    }
    try (CopyWriter w = copy("authorization_group", "id, name, created")) {
      for (int a = 0; a < found; a++) {
        w.add(Ids.uuid(seed, Kind.AUTHORIZATION_GROUP, a))
            .add("authz-group-" + a)
            .add(ts(Texts.EPOCH_MICROS + a))
            .end();
      }
    }
    try (CopyWriter w = copy("authorization_group_user", "authorization_group_id, user_id, id")) {
      for (int a = 0; a < found; a++) {
        w.add(Ids.uuid(seed, Kind.AUTHORIZATION_GROUP, a))
            .add(plan.users.get(authzUsers[a]).id())
            .add(Ids.uuid(seed, Kind.AUTHORIZATION_GROUP_USER, a))
            .end();
      }
    }
    try (CopyWriter w =
        copy("authorization_group_role", "user_object_role_id, authorization_group_id")) {
      for (int a = 0; a < found; a++) {
        w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 3, a))
            .add(Ids.uuid(seed, Kind.AUTHORIZATION_GROUP, a))
            .end();
      }
    }
  }

  private void writeApiTokens() throws SQLException {
    try (CopyWriter w =
        copy("api_token", "id, name, user_id, created_at, last_access, plugin_extras")) {
      for (int u = plan.publishingUsers.nextSetBit(0);
          u >= 0;
          u = plan.publishingUsers.nextSetBit(u + 1)) {
        if (u % 5 == 0) {
          User user = plan.users.get(u);
          w.add(Ids.uuid(seed, Kind.API_TOKEN, u).replace("-", ""))
              .add("token-" + u)
              .add(user.id())
              .add(ts(user.createdMicros() + DAY))
              .add(u % 10 == 0 ? ts(user.createdMicros() + 2 * DAY) : null)
              .add((String) null)
              .end();
        }
      }
    }
  }

  /** 2.9: every harvest source is also a dataset of type 'harvest' with the same id. */
  private void writeHarvestSourcePackages() throws SQLException {
    try (CopyWriter w = copy("package", packageColumns())) {
      for (HarvestSource s : plan.harvestSources) {
        w.add(s.id())
            .add(Texts.slug(s.title(), 80) + "-hs" + s.index())
            .add(s.title())
            .add((String) null)
            .add(s.url())
            .add(s.description())
            .add((String) null)
            .add((String) null)
            .add((String) null)
            .add((String) null)
            .add(s.active() ? "active" : "deleted")
            .add((String) null)
            .add("harvest")
            .add(plan.groups.get(s.publisherGroup()).id())
            .add(Boolean.FALSE)
            .add(ts(s.createdMicros()))
            .add(plan.siteUser().id())
            .add(ts(s.createdMicros()));
        if (tenOrLater) {
          w.add((String) null);
        }
        w.end();
      }
    }
    try (CopyWriter w = copy("package_extra", "id, key, value, state, package_id")) {
      for (HarvestSource s : plan.harvestSources) {
        String[][] extras = {
          {"source_type", s.type()}, {"frequency", s.frequency()}, {"config", s.config()}
        };
        for (int k = 0; k < extras.length; k++) {
          if (!extras[k][1].isEmpty()) {
            w.add(Ids.uuid(seed, Kind.PACKAGE_EXTRA, -1L - s.index(), k))
                .add(extras[k][0])
                .add(extras[k][1])
                .add("active")
                .add(s.id())
                .end();
          }
        }
      }
    }
    List<Membership> rows = new ArrayList<>();
    for (HarvestSource s : plan.harvestSources) {
      rows.add(
          new Membership(
              Ids.uuid(seed, Kind.MEMBER, 2, s.index()),
              plan.groups.get(s.publisherGroup()).id(),
              s.id(),
              "package",
              "organization",
              null,
              s.createdMicros()));
    }
    writeMemberships(rows);
  }

  // ======================================================================== datasets

  void writeBlock(List<Dataset> block) throws SQLException {
    for (Dataset d : block) {
      count(d);
    }
    if (old) {
      writeDatasetRevisions(block);
    }
    writePackages(block);
    writeExtras(block);
    if (old) {
      writeResourceGroups(block);
    }
    writeResources(block);
    writePackageTags(block);
    writeDatasetMemberships(block);
    writeRelationships(block);
    writeDatasetActivities(block);
    writeHarvestObjects(block);
    writeFollowers(block);
    if (old) {
      writeDatasetRoles(block);
      writeRelated(block);
    } else {
      writeCollaborators(block);
    }
  }

  private void count(Dataset d) {
    Tally t = tally;
    t.datasets++;
    switch (d.state()) {
      case "active" -> t.active++;
      case "draft" -> t.draft++;
      default -> t.deleted++;
    }
    if (d.isPrivate()) {
      t.privateDatasets++;
    }
    if ("active".equals(d.state()) && !d.isPrivate()) {
      t.publicActive++;
    }
    if (d.organization() == null) {
      t.withoutOrganization++;
    }
    if (d.harvestSource() != null) {
      t.harvested++;
    }
    t.resources += d.resources().size();
    if (d.organogram()) {
      t.organograms++;
    }
    for (Resource r : d.resources()) {
      if ("Organogram viewer".equals(r.description())) {
        t.organogramViewers++;
      }
    }
    for (Extra e : d.extras()) {
      if (e.value().length() > 32_766 / 3 && utf8Length(e.value()) > 32_766) {
        t.longExtras++;
      }
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private String userId(int index) {
    return plan.users.get(index).id();
  }

  private String orgId(Dataset d) {
    return d.organization() == null ? null : plan.groups.get(d.organization()).id();
  }

  private void writeDatasetRevisions(List<Dataset> block) throws SQLException {
    try (CopyWriter w = revisionCopy()) {
      for (Dataset d : block) {
        String author = plan.users.get(d.creator()).name();
        w.add(d.revisionId(seed, 0))
            .add(ts(d.createdMicros()))
            .add(author)
            .add("REST API: Create object " + d.name())
            .add("active")
            .add(ts(d.createdMicros()))
            .end();
        if (d.updated()) {
          w.add(d.revisionId(seed, 1))
              .add(ts(d.modifiedMicros()))
              .add(author)
              .add("REST API: Update object " + d.name())
              .add("active")
              .add(ts(d.modifiedMicros()))
              .end();
        }
      }
    }
  }

  /**
   * 2.10: what a data plugin keeps on one dataset in 40 (JSON with unicode and nesting); CKAN
   * returns it only when asked, so it must never reach a search document.
   */
  private static String pluginData(Dataset d) {
    return d.index() % 40 == 17
        ? "{\"ckanext-example\": {\"score\": " + d.index() + ", \"note\": \"é ü ✓\"}}"
        : null;
  }

  private String packageColumns() {
    return old
        ? "id, name, title, version, url, notes, author, author_email, maintainer,"
            + " maintainer_email, state, license_id, type, owner_org, private, metadata_modified,"
            + " creator_user_id, revision_id"
        : "id, name, title, version, url, notes, author, author_email, maintainer,"
            + " maintainer_email, state, license_id, type, owner_org, private, metadata_modified,"
            + " creator_user_id, metadata_created"
            + (tenOrLater ? ", plugin_data" : "");
  }

  private void packageRow(CopyWriter w, Dataset d, String title, String state, long modified) {
    w.add(d.id())
        .add(d.name())
        .add(title)
        .add(d.version())
        .add(d.url())
        .add(d.notes())
        .add(d.author())
        .add(d.authorEmail())
        .add(d.maintainer())
        .add(d.maintainerEmail())
        .add(state)
        .add(d.licenseId())
        .add("dataset")
        .add(orgId(d))
        .add(d.isPrivate())
        .add(ts(modified))
        .add(userId(d.creator()));
  }

  private void writePackages(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("package", packageColumns())) {
      for (Dataset d : block) {
        packageRow(w, d, d.title(), d.state(), d.modifiedMicros());
        w.add(old ? d.latestRevisionId(seed) : ts(d.createdMicros()));
        if (tenOrLater) {
          w.add(pluginData(d));
        }
        w.end();
      }
    }
    if (old) {
      try (CopyWriter w =
          copy(
              "package_revision",
              packageColumns()
                  + ", continuity_id, expired_id, revision_timestamp, expired_timestamp,"
                  + " current")) {
        for (Dataset d : block) {
          if (d.updated()) {
            String first = "draft".equals(d.state()) ? "draft" : "active";
            packageRow(w, d, d.originalTitle(), first, d.createdMicros());
            w.add(d.revisionId(seed, 0))
                .add(d.id())
                .add(d.revisionId(seed, 1))
                .add(ts(d.createdMicros()))
                .add(ts(d.modifiedMicros()))
                .add(Boolean.FALSE)
                .end();
          }
          packageRow(w, d, d.title(), d.state(), d.modifiedMicros());
          w.add(d.latestRevisionId(seed))
              .add(d.id())
              .add((String) null)
              .add(ts(d.modifiedMicros()))
              .add(FOREVER)
              .add(Boolean.TRUE)
              .end();
        }
      }
    }
  }

  private void writeExtras(List<Dataset> block) throws SQLException {
    String columns = "id, key, value, state, package_id";
    try (CopyWriter w = copy("package_extra", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        for (Extra e : d.extras()) {
          w.add(e.id()).add(e.key()).add(e.value()).add(e.state()).add(d.id());
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_extra_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          for (Extra e : d.extras()) {
            w.add(e.id()).add(e.key()).add(e.value()).add(e.state()).add(d.id());
            revisionTail(w, d, e.id());
          }
        }
      }
    }
  }

  private static final String REVISION_COLUMNS =
      ", revision_id, continuity_id, expired_id, revision_timestamp, expired_timestamp, current";

  /** The vdm columns of a child object created with its dataset and never changed since. */
  private void revisionTail(CopyWriter w, Dataset d, String continuityId) throws SQLException {
    w.add(d.revisionId(seed, 0))
        .add(continuityId)
        .add((String) null)
        .add(ts(d.createdMicros()))
        .add(FOREVER)
        .add(Boolean.TRUE)
        .end();
  }

  private String resourceGroupId(Dataset d) {
    return Ids.uuid(seed, Kind.RESOURCE_GROUP, d.index());
  }

  private void writeResourceGroups(List<Dataset> block) throws SQLException {
    String columns = "id, package_id, label, sort_order, extras, state";
    try (CopyWriter w = copy("resource_group", columns + ", revision_id")) {
      for (Dataset d : block) {
        w.add(resourceGroupId(d))
            .add(d.id())
            .add("default")
            .add("")
            .add((String) null)
            .add("active")
            .add(d.revisionId(seed, 0))
            .end();
      }
    }
    try (CopyWriter w = copy("resource_group_revision", columns + REVISION_COLUMNS)) {
      for (Dataset d : block) {
        w.add(resourceGroupId(d))
            .add(d.id())
            .add("default")
            .add("")
            .add((String) null)
            .add("active");
        revisionTail(w, d, resourceGroupId(d));
      }
    }
  }

  private static final String RESOURCE_COLUMNS =
      "id, url, format, description, \"position\", hash, state, extras, name, resource_type,"
          + " mimetype, mimetype_inner, size, last_modified, cache_url, cache_last_updated,"
          + " webstore_url, webstore_last_updated, created, url_type";

  private void resourceRow(CopyWriter w, Resource r) {
    w.add(r.id())
        .add(r.url())
        .add(r.format())
        .add(r.description())
        .add(r.position())
        .add("")
        .add(r.state())
        .add(r.extras())
        .add(r.name())
        .add(r.resourceType())
        .add(r.mimetype())
        .add((String) null)
        .add(r.size() == null ? null : r.size().toString())
        .add(r.lastModifiedMicros() == null ? null : ts(r.lastModifiedMicros()))
        .add((String) null)
        .add((String) null)
        .add((String) null)
        .add((String) null)
        .add(ts(r.createdMicros()))
        .add(r.urlType());
  }

  private void writeResources(List<Dataset> block) throws SQLException {
    String columns =
        RESOURCE_COLUMNS + (old ? ", resource_group_id" : ", package_id, metadata_modified");
    try (CopyWriter w = copy("resource", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        for (Resource r : d.resources()) {
          resourceRow(w, r);
          if (old) {
            w.add(resourceGroupId(d)).add(d.revisionId(seed, 0));
          } else {
            w.add(d.id()).add(ts(r.createdMicros()));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("resource_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          for (Resource r : d.resources()) {
            resourceRow(w, r);
            w.add(resourceGroupId(d));
            revisionTail(w, d, r.id());
          }
        }
      }
    } else {
      try (CopyWriter w =
          copy("resource_view", "id, resource_id, title, description, view_type, \"order\"")) {
        for (Dataset d : block) {
          for (Resource r : d.resources()) {
            if ("CSV".equals(r.format()) && r.position() % 3 == 0) {
              w.add(Ids.uuid(seed, Kind.RESOURCE, d.index(), 1000 + r.position()))
                  .add(r.id())
                  .add("Data Explorer")
                  .add("")
                  .add("recline_view")
                  .add(0)
                  .end();
            }
          }
        }
      }
    }
  }

  private void writePackageTags(List<Dataset> block) throws SQLException {
    String columns = "id, package_id, tag_id, state";
    try (CopyWriter w = copy("package_tag", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        int k = 0;
        for (int tag : d.tagIndexes()) {
          w.add(Ids.uuid(seed, Kind.PACKAGE_TAG, d.index(), k))
              .add(d.id())
              .add(plan.tags.get(tag).id())
              .add((d.index() + k++) % 40 == 0 ? "deleted" : "active");
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_tag_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          int k = 0;
          for (int tag : d.tagIndexes()) {
            String id = Ids.uuid(seed, Kind.PACKAGE_TAG, d.index(), k);
            w.add(id)
                .add(d.id())
                .add(plan.tags.get(tag).id())
                .add((d.index() + k++) % 40 == 0 ? "deleted" : "active");
            revisionTail(w, d, id);
          }
        }
      }
    }
  }

  private void writeDatasetMemberships(List<Dataset> block) throws SQLException {
    List<Membership> rows = new ArrayList<>();
    for (Dataset d : block) {
      int k = 0;
      if (d.organization() != null) {
        rows.add(
            new Membership(
                Ids.uuid(seed, Kind.MEMBER, 1, d.index() * 4L + k++),
                orgId(d),
                d.id(),
                "package",
                "organization",
                old ? d.revisionId(seed, 0) : null,
                d.createdMicros()));
      }
      for (int g : d.groupIndexes()) {
        rows.add(
            new Membership(
                Ids.uuid(seed, Kind.MEMBER, 1, d.index() * 4L + k++),
                plan.groups.get(g).id(),
                d.id(),
                "package",
                "public",
                old ? d.revisionId(seed, 0) : null,
                d.createdMicros()));
      }
    }
    writeMemberships(rows);
  }

  private void writeRelationships(List<Dataset> block) throws SQLException {
    String columns = "id, subject_package_id, object_package_id, type, comment, state";
    try (CopyWriter w = copy("package_relationship", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        if (d.relationshipTarget() != null) {
          relationshipRow(w, d);
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_relationship_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          if (d.relationshipTarget() != null) {
            relationshipRow(w, d);
            revisionTail(w, d, Ids.uuid(seed, Kind.RELATIONSHIP, d.index()));
          }
        }
      }
    }
  }

  private void relationshipRow(CopyWriter w, Dataset d) {
    w.add(Ids.uuid(seed, Kind.RELATIONSHIP, d.index()))
        .add(d.id())
        .add(Ids.uuid(seed, Kind.PACKAGE, d.relationshipTarget()))
        .add(d.relationshipType())
        .add(d.index() % 2 == 0 ? "generated relationship" : "")
        .add("active");
  }

  private String packageJson(Dataset d, String state, String title) {
    String notes = d.notes();
    if (notes != null && notes.length() > 300) {
      notes = notes.substring(0, 300);
    }
    return "{\"package\": {\"id\": "
        + Texts.json(d.id())
        + ", \"name\": "
        + Texts.json(d.name())
        + ", \"title\": "
        + Texts.json(title)
        + ", \"type\": \"dataset\", \"state\": "
        + Texts.json(state)
        + ", \"private\": "
        + d.isPrivate()
        + ", \"owner_org\": "
        + Texts.json(orgId(d))
        + ", \"notes\": "
        + Texts.json(notes)
        + ", \"num_resources\": "
        + d.resources().size()
        + "}}";
  }

  private record DatasetActivity(
      String id, long micros, String type, String detailType, String revision, String data) {}

  /** CKAN records no activity for drafts or private datasets. */
  private List<DatasetActivity> activities(Dataset d) {
    List<DatasetActivity> rows = new ArrayList<>(3);
    if ("draft".equals(d.state()) || d.isPrivate()) {
      return rows;
    }
    rows.add(
        new DatasetActivity(
            activityId(2, d.index(), 0),
            d.createdMicros(),
            "new package",
            "new",
            d.revisionId(seed, 0),
            packageJson(d, "active", d.originalTitle())));
    if (d.updated()) {
      rows.add(
          new DatasetActivity(
              activityId(2, d.index(), 1),
              d.modifiedMicros(),
              "deleted".equals(d.state()) ? "deleted package" : "changed package",
              "deleted".equals(d.state()) ? "deleted" : "changed",
              d.revisionId(seed, 1),
              packageJson(d, d.state(), d.title())));
    }
    return rows;
  }

  private void writeDatasetActivities(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("activity", ACTIVITY_COLUMNS)) {
      for (Dataset d : block) {
        for (DatasetActivity a : activities(d)) {
          w.add(a.id())
              .add(ts(a.micros()))
              .add(userId(d.creator()))
              .add(d.id())
              .add(old ? a.revision() : null)
              .add(a.type())
              .add(a.data())
              .end();
        }
      }
    }
    if (old) {
      try (CopyWriter w =
          copy("activity_detail", "id, activity_id, object_id, object_type, activity_type, data")) {
        for (Dataset d : block) {
          int k = 0;
          for (DatasetActivity a : activities(d)) {
            w.add(Ids.uuid(seed, Kind.ACTIVITY_DETAIL, d.index(), k++))
                .add(a.id())
                .add(d.id())
                .add("Package")
                .add(a.detailType())
                .add(a.data())
                .end();
          }
        }
      }
    }
  }

  private record HarvestObjectRow(
      String id, int job, boolean current, String packageId, String state, String report) {}

  private List<HarvestObjectRow> harvestObjects(Dataset d) {
    List<HarvestObjectRow> rows = new ArrayList<>(3);
    if (d.harvestSource() == null) {
      return rows;
    }
    HarvestSource s = plan.harvestSources.get(d.harvestSource());
    rows.add(
        new HarvestObjectRow(
            Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 0),
            s.jobs() - 1,
            true,
            d.id(),
            "COMPLETE",
            d.updated() ? "updated" : "added"));
    if (d.harvestHistory()) {
      rows.add(
          new HarvestObjectRow(
              Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 1),
              0,
              false,
              d.id(),
              "COMPLETE",
              "added"));
    }
    if (d.harvestError()) {
      rows.add(
          new HarvestObjectRow(
              Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 2),
              s.jobs() - 1,
              false,
              null,
              "ERROR",
              "errored"));
    }
    return rows;
  }

  private void writeHarvestObjects(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy(
            "harvest_object",
            "id, guid, current, gathered, fetch_started, content, fetch_finished, import_started,"
                + " import_finished, state, metadata_modified_date, retry_times, harvest_job_id,"
                + " harvest_source_id, package_id, report_status")) {
      for (Dataset d : block) {
        for (HarvestObjectRow o : harvestObjects(d)) {
          HarvestSource s = plan.harvestSources.get(d.harvestSource());
          long gathered = jobCreated(s, o.job()) + 10_000_000;
          w.add(o.id())
              .add(d.guid())
              .add(o.current())
              .add(ts(gathered))
              .add(ts(gathered + 1_000_000))
              .add(harvestContent(d, s))
              .add(ts(gathered + 2_000_000))
              .add(ts(gathered + 3_000_000))
              .add("ERROR".equals(o.state()) ? null : ts(gathered + 4_000_000))
              .add(o.state())
              .add(ts(d.modifiedMicros()))
              .add(0)
              .add(jobId(s.index(), o.job()))
              .add(s.id())
              .add(o.packageId())
              .add(o.report())
              .end();
        }
      }
    }
    try (CopyWriter w = copy("harvest_object_extra", "id, harvest_object_id, key, value")) {
      for (Dataset d : block) {
        int k = 0;
        for (HarvestObjectRow o : harvestObjects(d)) {
          w.add(Ids.uuid(seed, Kind.HARVEST_OBJECT_EXTRA, d.index(), k++))
              .add(o.id())
              .add("status")
              .add(o.current() && d.updated() ? "change" : "new")
              .end();
        }
      }
    }
    try (CopyWriter w =
        copy("harvest_object_error", "id, harvest_object_id, message, stage, line, created")) {
      for (Dataset d : block) {
        for (HarvestObjectRow o : harvestObjects(d)) {
          if ("ERROR".equals(o.state())) {
            HarvestSource s = plan.harvestSources.get(d.harvestSource());
            w.add(Ids.uuid(seed, Kind.HARVEST_OBJECT_ERROR, d.index()))
                .add(o.id())
                .add("Validation error: missing title in record " + d.guid())
                .add("Import")
                .add(d.index() % 2 == 0 ? null : Integer.valueOf(1 + d.index() % 400))
                .add(ts(jobCreated(s, o.job()) + 5_000_000))
                .end();
          }
        }
      }
    }
  }

  private String harvestContent(Dataset d, HarvestSource s) {
    if (s.type().contains("json") || s.type().equals("dkan")) {
      return "{\"identifier\": "
          + Texts.json(d.guid())
          + ", \"title\": "
          + Texts.json(d.title())
          + ", \"modified\": "
          + Texts.json(Texts.isoTimestamp(d.modifiedMicros()))
          + "}";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gmd:MD_Metadata"
        + " xmlns:gmd=\"http://www.isotc211.org/2005/gmd\"><gmd:fileIdentifier>"
        + d.guid()
        + "</gmd:fileIdentifier><gmd:title>"
        + d.name()
        + "</gmd:title></gmd:MD_Metadata>";
  }

  private void writeDatasetRoles(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy("user_object_role", "id, user_id, context, role, authorized_group_id")) {
      for (Dataset d : block) {
        if (d.creatorRole()) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L))
              .add(userId(d.creator()))
              .add("Package")
              .add("admin")
              .add((String) null)
              .end();
        }
        if (d.nonPublisherRole() != null) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L + 1))
              .add(userId(d.nonPublisherRole()))
              .add("Package")
              .add("editor")
              .add((String) null)
              .end();
        }
      }
    }
    try (CopyWriter w = copy("package_role", "user_object_role_id, package_id")) {
      for (Dataset d : block) {
        if (d.creatorRole()) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L)).add(d.id()).end();
        }
        if (d.nonPublisherRole() != null) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L + 1)).add(d.id()).end();
        }
      }
    }
  }

  private void writeRelated(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy(
            "related",
            "id, type, title, description, image_url, url, created, owner_id, view_count,"
                + " featured")) {
      for (Dataset d : block) {
        if (d.related()) {
          w.add(Ids.uuid(seed, Kind.RELATED, d.index()))
              .add(d.index() % 3 == 0 ? "visualization" : "application")
              .add("App using " + d.name())
              .add("")
              .add("")
              .add("https://apps.example.org/" + d.name())
              .add(ts(d.createdMicros() + DAY))
              .add(userId(d.creator()))
              .add(d.index() % 17)
              .add(d.index() % 11 == 0 ? 1 : 0)
              .end();
        }
      }
    }
    try (CopyWriter w = copy("related_dataset", "id, dataset_id, related_id, status")) {
      for (Dataset d : block) {
        if (d.related()) {
          w.add(Ids.uuid(seed, Kind.RELATED_DATASET, d.index()))
              .add(d.id())
              .add(Ids.uuid(seed, Kind.RELATED, d.index()))
              .add("active")
              .end();
        }
      }
    }
  }

  private void writeFollowers(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("user_following_dataset", "follower_id, object_id, datetime")) {
      for (Dataset d : block) {
        if (d.follower() != null) {
          w.add(userId(d.follower())).add(d.id()).add(ts(d.createdMicros() + DAY)).end();
        }
      }
    }
  }

  private void writeCollaborators(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("package_member", "package_id, user_id, capacity, modified")) {
      for (Dataset d : block) {
        if (d.collaborator() != null) {
          w.add(d.id())
              .add(userId(d.collaborator()))
              .add(d.index() % 2 == 0 ? "editor" : "member")
              .add(ts(d.modifiedMicros()))
              .end();
        }
      }
    }
  }
}
