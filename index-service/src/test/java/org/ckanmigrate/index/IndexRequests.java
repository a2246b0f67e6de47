package org.ckanmigrate.index;

import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;

/** What the index tests send: a run starting at the index phase, as the CLI sends it. */
public final class IndexRequests {

  private IndexRequests() {}

  /** The CKAN database {@code ckan} on the throwaway server {@code pg}, as a run's target. */
  public static TargetSpec target(PostgresServer pg, TestDatabase ckan) {
    return TargetSpec.builder()
        .jdbcUrl(pg.jdbcUrl("postgres"))
        .user(pg.superuser())
        .database(ckan.name())
        .build();
  }

  /** A request to index {@code target} into {@code index} (null: a spec without the section). */
  public static EventEnvelope reindex(
      EventCodec codec, String runId, TargetSpec target, IndexSpec index) {
    return codec.start(
        runId, new RunRequested(new RunSpec(null, null, target, null, index), "index"));
  }
}
