package org.ckanmigrate.schema.sysadmin;

import java.util.List;

/**
 * What a re-promotion did.
 *
 * @param promoted recorded sysadmins made sysadmin again (their names as recorded)
 * @param alreadySysadmin recorded sysadmins that still were sysadmin
 * @param notRecorded requested users that are not in the run's ledger (never promoted: the ledger
 *     is the only source of who may be)
 * @param gone recorded sysadmins whose user row no longer exists
 */
public record Repromotion(
    List<String> promoted,
    List<String> alreadySysadmin,
    List<String> notRecorded,
    List<String> gone) {

  public static Repromotion none() {
    return new Repromotion(List.of(), List.of(), List.of(), List.of());
  }
}
