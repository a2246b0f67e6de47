package org.ckanmigrate.contract.event;

import java.util.List;

/**
 * The schema-service carried out a {@code PromoteSysadmins} command.
 *
 * @param database the target database it promoted in
 * @param promoted recorded sysadmins made sysadmin again (their names as recorded)
 * @param alreadySysadmin recorded sysadmins that still were sysadmin
 * @param notRecorded requested users that are not in the run's ledger (never promoted: the ledger
 *     is the only source of who may be)
 * @param gone recorded sysadmins whose user row no longer exists
 */
public record SysadminsRepromoted(
    String database,
    List<String> promoted,
    List<String> alreadySysadmin,
    List<String> notRecorded,
    List<String> gone) {

  public SysadminsRepromoted {
    promoted = promoted == null ? List.of() : List.copyOf(promoted);
    alreadySysadmin = alreadySysadmin == null ? List.of() : List.copyOf(alreadySysadmin);
    notRecorded = notRecorded == null ? List.of() : List.copyOf(notRecorded);
    gone = gone == null ? List.of() : List.copyOf(gone);
  }

  /** Whether every requested user is now sysadmin. */
  public boolean complete() {
    return notRecorded.isEmpty() && gone.isEmpty();
  }
}
