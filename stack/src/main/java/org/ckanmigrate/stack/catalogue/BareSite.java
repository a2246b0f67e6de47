package org.ckanmigrate.stack.catalogue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * A bare CKAN 2.2-era site, as {@code paster db init} and two {@code paster sysadmin add} leave it:
 * the 2.2-era core schema of the catalogue generator (sqlalchemy-migrate version 71) without
 * ckanext-harvest's tables, and only the rows CKAN itself writes — the pseudo-users {@code
 * logged_in} and {@code visitor} with their system roles, CKAN's default role actions, the setup
 * revision — plus two sysadmins without a full name, {@code admin} and {@code fresh}. It has the
 * shape of the real 2.2-era dump the project's reference checks use (shared/fixtures), so tests
 * that need "a CKAN 2.2 database and nothing else" run without that third-party file.
 */
public final class BareSite {

  /** CKAN 2.2's default role actions (ckan/model/authz.py {@code default_role_actions}). */
  private static final List<String[]> ROLE_ACTIONS =
      List.of(
          new String[] {"editor", "read-site"},
          new String[] {"editor", "read-user"},
          new String[] {"editor", "create-user"},
          new String[] {"reader", "read-site"},
          new String[] {"reader", "read-user"},
          new String[] {"reader", "create-user"},
          new String[] {"editor", "edit"},
          new String[] {"editor", "create-package"},
          new String[] {"editor", "create-group"},
          new String[] {"editor", "read"},
          new String[] {"editor", "file-upload"},
          new String[] {"anon_editor", "edit"},
          new String[] {"anon_editor", "create-package"},
          new String[] {"anon_editor", "create-user"},
          new String[] {"anon_editor", "read-user"},
          new String[] {"anon_editor", "read-site"},
          new String[] {"anon_editor", "read"},
          new String[] {"anon_editor", "file-upload"},
          new String[] {"reader", "read"});

  private BareSite() {}

  /** Creates the bare 2.2-era site in the (empty) database of {@code c}, in one transaction. */
  public static void create22(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String resource : List.of("tables.sql", "constraints.sql")) {
        for (String sql : SqlScript.statements(CkanEra.V2_2.scripts(resource).get(0))) {
          // ckanext-harvest is a plugin, not CKAN: a bare site has none of its tables; the
          // continuity-id indexes are data.gov.uk's own additions.
          String lower = sql.toLowerCase(Locale.ROOT);
          if (!lower.contains("harvest_")
              && !lower.matches("(?s)create index idx_\\w+_continuity_id.*")) {
            s.execute(sql);
          }
        }
      }
      s.execute(
          "INSERT INTO migrate_version VALUES ('Ckan', '/usr/lib/ckan/default/src/ckan/"
              + "ckan/migration', "
              + CkanEra.MIGRATE_VERSION_2_2
              + ")");
      s.execute(
          "INSERT INTO revision VALUES ('6b0c4a3e-2d51-4f5e-9a63-1f0e8d2c7b10',"
              + " '2014-01-06 10:00:00', 'system',"
              + " 'Add versioning to groups, group_extras and package_groups', 'active',"
              + " '2014-01-06 10:00:00')");
      s.execute(
          "INSERT INTO \"user\" (id, name, apikey, created, password, sysadmin, state) VALUES"
              + " ('0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e01', 'logged_in',"
              + " '11111111-2222-4333-8444-555555555501', '2014-01-06 10:00:01', NULL, false,"
              + " 'active'),"
              + " ('0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e02', 'visitor',"
              + " '11111111-2222-4333-8444-555555555502', '2014-01-06 10:00:02', NULL, false,"
              + " 'active'),"
              + " ('0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e03', 'fresh',"
              + " '11111111-2222-4333-8444-555555555503', '2014-01-06 10:00:03', 'not-a-hash',"
              + " true, 'active'),"
              + " ('0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e04', 'admin',"
              + " '11111111-2222-4333-8444-555555555504', '2014-01-06 12:00:00', 'not-a-hash',"
              + " true, 'active')");
      s.execute(
          "INSERT INTO user_object_role (id, user_id, context, role) VALUES"
              + " ('3d1a0f5c-7b7e-4c55-b0a2-8a6f2c9e4d01', '0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e02',"
              + " 'System', 'reader'),"
              + " ('3d1a0f5c-7b7e-4c55-b0a2-8a6f2c9e4d02', '0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e01',"
              + " 'System', 'editor')");
      s.execute(
          "INSERT INTO system_role VALUES ('3d1a0f5c-7b7e-4c55-b0a2-8a6f2c9e4d01'),"
              + " ('3d1a0f5c-7b7e-4c55-b0a2-8a6f2c9e4d02')");
      StringBuilder actions =
          new StringBuilder("INSERT INTO role_action (id, role, context, action) VALUES ");
      for (int i = 0; i < ROLE_ACTIONS.size(); i++) {
        actions
            .append(i == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "('5e2b7c90-0d4f-4a61-9c3e-%012d', '", i + 1))
            .append(ROLE_ACTIONS.get(i)[0])
            .append("', '', '")
            .append(ROLE_ACTIONS.get(i)[1])
            .append("')");
      }
      s.execute(actions.toString());
      s.execute(
          "INSERT INTO dashboard (user_id, activity_stream_last_viewed, email_last_sent) VALUES"
              + " ('0c6f1e7a-5a0e-4d8e-8f33-7c2d4b1a9e04', '2014-01-06 12:00:01',"
              + " '2014-01-06 12:00:01')");
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
