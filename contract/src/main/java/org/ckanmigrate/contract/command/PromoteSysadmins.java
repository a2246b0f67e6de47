package org.ckanmigrate.contract.command;

import java.util.List;

/**
 * Make users sysadmin again in a run's target database, but only users the run's sysadmin ledger
 * recorded as sysadmins before any migration script ran (matched by id, recorded name or current
 * name). The schema-service, which keeps the ledger and holds the run's target credentials, carries
 * it out and answers with {@code SysadminsRepromoted} or {@code CommandFailed} (caused by this
 * command's id). The envelope's subject is the run id.
 *
 * @param users user ids or names; never empty
 */
public record PromoteSysadmins(List<String> users) {

  public PromoteSysadmins {
    if (users == null
        || users.isEmpty()
        || users.stream().anyMatch(u -> u == null || u.isBlank())) {
      throw new IllegalArgumentException("name at least one user to promote (ids or names)");
    }
    users = List.copyOf(users);
  }
}
