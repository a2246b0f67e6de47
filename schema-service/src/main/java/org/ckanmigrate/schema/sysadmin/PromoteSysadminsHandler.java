package org.ckanmigrate.schema.sysadmin;

import java.sql.SQLException;
import org.ckanmigrate.contract.command.PromoteSysadmins;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.SysadminsRepromoted;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.secret.SecretResolver;
import org.ckanmigrate.contract.spec.JdbcUrls;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.platform.phase.CommandHandler;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.stereotype.Component;

/**
 * Carries out {@code ckan-migrate promote-sysadmins}: the schema-service keeps the sysadmin ledger
 * and holds the run's target credentials, so the CLI asks it rather than writing the target itself.
 * One transaction in the target ({@link SysadminLedger#repromote}); repeating it promotes no one
 * twice.
 */
@Component
class PromoteSysadminsHandler implements CommandHandler {

  private final SecretResolver secrets = new SecretResolver();

  @Override
  public EventType command() {
    return EventType.PROMOTE_SYSADMINS;
  }

  @Override
  public Object handle(String runId, RunSpec recordedSpec, Object command)
      throws PhaseFailureException {
    PromoteSysadmins promote = (PromoteSysadmins) command;
    if (recordedSpec == null || recordedSpec.target() == null) {
      throw new PhaseFailureException(
          ErrorCode.INVALID_REQUEST,
          "This schema-service has no record of run "
              + runId
              + " with a target database (its state database never saw the run requested):"
              + " re-promote with the schema-service that migrated the run");
    }
    TargetSpec target = recordedSpec.target();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(JdbcUrls.target(target));
    ds.setUser(target.user());
    // A command runs on the consumer's thread: a target that hangs must fail it, not the consumer.
    ds.setConnectTimeout(10);
    ds.setSocketTimeout(60);
    ds.setOptions("-c lock_timeout=10s -c statement_timeout=30s");
    if (target.password() != null) {
      try {
        ds.setPassword(new String(secrets.resolve(target.password())));
      } catch (IllegalArgumentException | IllegalStateException e) {
        // The secret lives where this service runs, as for the schema phase itself.
        throw new PhaseFailureException(
            ErrorCode.INVALID_REQUEST,
            "Cannot read the target password for run " + runId + ": " + e.getMessage(),
            e);
      }
    }
    try {
      Repromotion result = new SysadminLedger(ds).repromote(runId, promote.users());
      return new SysadminsRepromoted(
          target.database(),
          result.promoted(),
          result.alreadySysadmin(),
          result.notRecorded(),
          result.gone());
    } catch (SQLException e) {
      throw new PhaseFailureException(
          ErrorCode.TARGET_UNAVAILABLE,
          "Cannot re-promote in "
              + Scrubber.scrub(JdbcUrls.target(target))
              + ": "
              + Scrubber.scrub(e.getMessage())
              + " (nothing was changed; send the command again once the target answers)",
          e);
    }
  }
}
