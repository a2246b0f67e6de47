package org.ckanmigrate.stack.catalogue;

import static org.ckanmigrate.stack.catalogue.Ids.Kind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.stack.catalogue.Plan.Group;
import org.ckanmigrate.stack.catalogue.Plan.HarvestSource;
import org.ckanmigrate.stack.catalogue.Plan.User;

/**
 * The site's tables, written once before any dataset: version, revisions, users, organizations and
 * groups with their members, vocabularies, harvest sources, system info, dashboards, site
 * activities, the 2.2 era's authorization tables, API tokens and harvest source packages.
 */
final class SiteTables extends CatalogueTables {

  SiteTables(Plan plan, Sink sink) {
    super(plan, sink);
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
}
