package org.ckanmigrate.index.gold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.testsupport.postgres.PostgresServer;
import org.ckanmigrate.testsupport.postgres.TestDatabase;

/** The CKAN 2.10 gold fixture: its database loaded with psql, and CKAN's own posted documents. */
public final class CkanGoldFixture {

  private CkanGoldFixture() {}

  public static Path dir() {
    String shared = System.getProperty("ckan.shared.dir");
    if (shared == null) {
      throw new IllegalStateException(
          "System property ckan.shared.dir is not set: run the test through Maven");
    }
    return Path.of(shared, "fixtures", "ckan-2.10-gold");
  }

  public static Path postedDocs() {
    return dir().resolve("solr-posted-docs.json");
  }

  /** A fresh database holding the gold CKAN catalogue. */
  public static TestDatabase load(String prefix) throws IOException, InterruptedException {
    PostgresServer server = PostgresServer.shared();
    TestDatabase db = server.createDatabase(prefix);
    psql(server, db, dir().resolve("ckan-db.sql"));
    return db;
  }

  public static void psql(PostgresServer server, TestDatabase db, Path sql)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(server.tool("psql").toString());
    cmd.addAll(List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.name(), "-f", sql.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.putAll(server.libpqEnv());
    Path log = Files.createTempFile("gold-psql", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("psql did not finish loading " + sql + " in 2 minutes");
    }
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "psql failed (exit " + p.exitValue() + ") loading " + sql + ":\n" + output);
    }
  }
}
