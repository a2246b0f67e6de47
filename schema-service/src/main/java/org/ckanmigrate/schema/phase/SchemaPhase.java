package org.ckanmigrate.schema.phase;

import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.Phase;
import org.ckanmigrate.contract.secret.SecretResolver;
import org.ckanmigrate.contract.spec.JdbcUrls;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.platform.phase.PhaseExecution;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.ckanmigrate.platform.phase.PhaseHandler;
import org.ckanmigrate.schema.SchemaMigrationException;
import org.ckanmigrate.schema.SchemaMigrator;
import org.ckanmigrate.schema.SchemaRequest;
import org.ckanmigrate.schema.SchemaResult;
import org.springframework.stereotype.Component;

/**
 * The schema phase: started by load-completed (or a run starting here), it runs the data-model
 * migrations with their ledger, keeps the sysadmins, runs CKAN's upgrade twice and checks the
 * harvest migration, then answers with schema-migrated. After a crash it simply runs again: applied
 * scripts are skipped by the ledger and the upgrade is a no-op at its head.
 */
@Component
class SchemaPhase implements PhaseHandler {

  static final String PHASE = Phase.SCHEMA.wireName();

  private final SchemaMigrator migrator;
  private final SecretResolver secrets = new SecretResolver();

  SchemaPhase(SchemaMigrator migrator) {
    this.migrator = migrator;
  }

  @Override
  public String phase() {
    return PHASE;
  }

  @Override
  public Object run(PhaseExecution execution) throws PhaseFailureException {
    RunSpec spec = execution.requireRunSpec();
    TargetSpec target = execution.requireSection("target", RunSpec::target);
    SchemaSpec schema = spec.schema() != null ? spec.schema() : SchemaSpec.builder().build();
    String password =
        target.password() == null ? null : new String(secrets.resolve(target.password()));
    execution.progress(0, 0, "scripts");
    try {
      SchemaResult result =
          migrator.migrate(
              SchemaRequest.forTarget(
                  execution.runId(), JdbcUrls.target(target), target.user(), password, schema),
              (done, total) -> execution.progress(done, total, "scripts"),
              () -> execution.confirmLease("running CKAN's upgrade pass"));
      return result.toSchemaMigrated();
    } catch (SchemaMigrationException e) {
      // details (pass, sshFailure, script...) reach the phase-failed event as fields.
      throw new PhaseFailureException(e.code(), e.getMessage(), e.details(), e);
    } catch (IllegalArgumentException e) {
      throw new PhaseFailureException(ErrorCode.INVALID_REQUEST, e.getMessage(), e);
    }
  }
}
