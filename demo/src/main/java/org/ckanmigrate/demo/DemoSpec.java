package org.ckanmigrate.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Writes the demo's run spec (and the ckan.ini its upgrade step reads) for a started stack. */
final class DemoSpec {

  static final String TARGET_DATABASE = "ckan_target";

  private DemoSpec() {}

  static Path write(DemoStack stack, Path work) throws IOException, SQLException {
    return write(stack, work, TARGET_DATABASE);
  }

  /** Writes a spec migrating the stack's source into {@code targetDatabase}. */
  static Path write(DemoStack stack, Path work, String targetDatabase)
      throws IOException, SQLException {
    Path artifacts = Files.createDirectories(work.resolve("artifacts"));
    var pg = stack.postgres;
    Path ini = work.resolve(targetDatabase + ".ckan.ini");
    Files.writeString(
        ini,
        String.join(
            "\n",
            "# The target CKAN's config, as the demo's stand-in for CKAN reads it.",
            "[app:main]",
            "use = egg:ckan",
            "sqlalchemy.url = postgresql://"
                + pg.superuser()
                + "@"
                + pg.host()
                + ":"
                + pg.port()
                + "/"
                + targetDatabase,
            "ckan.site_id = default",
            "ckan.plugins = stats harvest ckan_harvester text_view",
            ""));
    String ssh = "{host: %s, port: %d, user: ckan, private-key-file: %s, known-hosts-file: %s}";
    String spec =
        String.join(
            "\n",
            "# Written by ckan-migrate demo. Every service, server and key here is local.",
            "source:",
            "  ssh: "
                + String.format(
                    ssh,
                    stack.sourceHost.host(),
                    stack.sourceHost.port(),
                    stack.clientKey,
                    stack.knownHosts),
            "  jump-hosts:",
            "    - "
                + String.format(
                    ssh,
                    stack.jumpHost.host(),
                    stack.jumpHost.port(),
                    stack.clientKey,
                    stack.knownHosts),
            "  database: " + stack.sourceDb.name(),
            "  pg-dump-path: " + pg.tool("pg_dump"),
            "  pg-host: " + pg.host(),
            "  pg-port: " + pg.port(),
            "  pg-user: " + pg.superuser(),
            "  artifact-dir: " + artifacts,
            "target:",
            "  jdbc-url: " + pg.jdbcUrl("postgres"),
            "  user: " + pg.superuser(),
            "  database: " + targetDatabase,
            "  parallelism: 2",
            "schema:",
            "  migration-set: datagovuk-bytemark-to-govuk",
            "  keep-sysadmins: " + keepSysadmins(stack),
            "  upgrade-command: " + DemoMain.STAND_IN_NAME,
            "  ini-path: " + ini,
            "  harvest-plugins: [harvest, ckan_harvester]",
            "index:",
            "  solr-url: " + stack.solr.baseUrl(),
            "  core: ckan",
            "  site-id: default",
            "  batch-size: " + batchSize(stack),
            "  remove-deleted: true",
            "");
    return Files.writeString(work.resolve(targetDatabase + ".run-spec.yaml"), spec);
  }

  /**
   * 500 datasets a batch (what the reindex benchmark found best for Solr) but at least four batches
   * per index consumer, so a small catalogue still spreads over every instance.
   */
  static int batchSize(DemoStack stack) {
    int consumers = stack.indexInstances * 2; // ckan-migrate.index.worker-concurrency's default
    int datasets = stack.source == null ? 0 : (int) stack.source.datasets();
    return Math.max(50, Math.min(500, datasets / (consumers * 4)));
  }

  /** The source's sysadmins, all kept: the migration set demotes them, the spec promotes back. */
  private static String keepSysadmins(DemoStack stack) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = stack.sourceDb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM \"user\" WHERE sysadmin AND state = 'active' ORDER BY name")) {
      while (rs.next()) {
        names.add('"' + rs.getString(1).replace("\\", "\\\\").replace("\"", "\\\"") + '"');
      }
    }
    return names.toString();
  }
}
