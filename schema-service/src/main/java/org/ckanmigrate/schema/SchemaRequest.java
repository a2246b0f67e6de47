package org.ckanmigrate.schema;

import java.util.Objects;
import javax.sql.DataSource;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One schema phase to run.
 *
 * @param runId the migration run; keys the ledgers, so a resumed run must reuse it
 * @param target the CKAN database (the password resolved by the caller, never logged)
 * @param spec what to run
 */
public record SchemaRequest(String runId, DataSource target, SchemaSpec spec) {

  public SchemaRequest {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("runId is required");
    }
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(spec, "spec");
  }

  /** A request for the database at {@code jdbcUrl} (without a password in it). */
  public static SchemaRequest forTarget(
      String runId, String jdbcUrl, String user, String password, SchemaSpec spec) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    ds.setUser(user);
    if (password != null) {
      ds.setPassword(password);
    }
    return new SchemaRequest(runId, ds, spec);
  }

  @Override
  public String toString() {
    return "SchemaRequest[runId=" + runId + ", spec=" + spec + "]";
  }
}
