package org.ckanmigrate.cli;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.common.ckan.Repromotion;
import org.ckanmigrate.common.ckan.SysadminLedger;
import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.secret.Scrubber;
import org.ckanmigrate.common.secret.SecretResolver;
import org.ckanmigrate.common.spec.JdbcUrls;
import org.ckanmigrate.common.spec.SecretRef;
import org.ckanmigrate.common.spec.TargetSpec;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ckan-migrate promote-sysadmins RUN USER...}: makes users sysadmin again after a run, but
 * only users the run's sysadmin ledger recorded as sysadmins before any migration script ran (by
 * id, recorded name or current name). The target database comes from the run's spec.
 */
@Command(
    name = "promote-sysadmins",
    description = {
      "Re-promote sysadmins recorded in a run's sysadmin ledger (users demoted by the",
      "data-model migration). Users the ledger does not hold are reported, never promoted."
    })
class PromoteSysadminsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  String runId;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "USER",
      description = "User ids or names (as recorded, or as now).")
  List<String> users;

  @Option(
      names = "--password-env",
      paramLabel = "VARIABLE",
      description = "Read the target role's password from this variable instead of the spec's.")
  String passwordEnv;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the target role's password from this file instead of the spec's.")
  String passwordFile;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    RunState run = RunState.read(kafka.access(), runId, codec);
    if (!run.known() || run.spec() == null || run.spec().target() == null) {
      err.println("No run " + runId + " with a target database. See: ckan-migrate list");
      return ExitCodes.USAGE;
    }
    TargetSpec target = run.spec().target();
    SecretRef password =
        passwordEnv != null
            ? SecretRef.ofEnv(passwordEnv)
            : passwordFile != null ? SecretRef.ofFile(passwordFile) : target.password();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(JdbcUrls.target(target));
    ds.setUser(target.user());
    if (password != null) {
      ds.setPassword(new String(new SecretResolver().resolve(password)));
    }
    Repromotion result;
    try {
      result = new SysadminLedger(ds).repromote(runId, users);
    } catch (SQLException e) {
      err.println(
          "Cannot re-promote in "
              + Scrubber.scrub(JdbcUrls.target(target))
              + ": "
              + Scrubber.scrub(e.getMessage()));
      return ExitCodes.TARGET;
    }
    out.println("Run " + runId + ", database " + target.database() + ":");
    out.println("  promoted:          " + result.promoted());
    out.println("  already sysadmin:  " + result.alreadySysadmin());
    if (!result.notRecorded().isEmpty()) {
      out.println("  NOT in the ledger (not promoted): " + result.notRecorded());
    }
    if (!result.gone().isEmpty()) {
      out.println("  no longer exist: " + result.gone());
    }
    return result.notRecorded().isEmpty() && result.gone().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.REFUSED;
  }
}
