package org.ckanmigrate.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.ckanmigrate.schema.upgrade.UpgradeCommands;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.process.ChildJvm;
import tools.jackson.databind.json.JsonMapper;

/** Runs the schema phase in its own JVM, so a test can halt it at a crash point. */
public final class SchemaMain {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SchemaMain() {}

  /**
   * The command running the phase for {@code runId} on {@code db} with {@code spec} (written to
   * {@code specFile}), its upgrade command {@code spec.upgradeCommand()} registered as {@code
   * template}.
   */
  static List<String> command(
      List<String> jvmOptions,
      TestDatabase db,
      SchemaSpec spec,
      String template,
      Path specFile,
      String runId)
      throws Exception {
    Files.writeString(specFile, JSON.writeValueAsString(spec));
    // The password goes through a file the child reads, never on its command line (ps shows it).
    Path passwordFile = specFile.resolveSibling(specFile.getFileName() + ".password");
    Files.writeString(passwordFile, db.server().password());
    return ChildJvm.command(
        jvmOptions,
        SchemaMain.class,
        List.of(
            db.jdbcUrl(),
            db.server().superuser(),
            passwordFile.toString(),
            specFile.toString(),
            template,
            runId));
  }

  /** Arguments: JDBC URL, user, password file, spec JSON file, upgrade command template, run id. */
  public static void main(String[] args) throws Exception {
    SchemaSpec spec = JSON.readValue(Files.readString(Path.of(args[3])), SchemaSpec.class);
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(args[0]);
    ds.setUser(args[1]);
    ds.setPassword(Files.readString(Path.of(args[2])).strip());
    SchemaResult result =
        new SchemaMigrator(
                new LocalCommandRunner(),
                UpgradeCommands.of(Map.of(spec.upgradeCommand(), args[4])))
            .migrate(new SchemaRequest(args[5], ds, spec));
    System.out.println("migrated to " + result.versionAfter());
  }
}
