package org.ckanmigrate.cli;

import java.util.Map;

/**
 * Exit codes scripts can rely on: one per class of failure, so a wrapper can tell "fix the spec"
 * from "the source host is unreachable" from "verification failed".
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int SOURCE = 4;
  public static final int TARGET = 5;
  public static final int SEARCH = 6;
  public static final int VERIFICATION = 7;
  public static final int INTERRUPTED = 8;
  public static final int TIMEOUT = 9;

  private static final Map<String, Integer> BY_CODE =
      Map.ofEntries(
          Map.entry("INVALID_REQUEST", USAGE),
          Map.entry("INVALID_IDENTIFIER", REFUSED),
          Map.entry("UNSUPPORTED_DUMP", REFUSED),
          Map.entry("ARTIFACT_UNREADABLE", VERIFICATION),
          Map.entry("TARGET_NOT_EMPTY", REFUSED),
          Map.entry("RUN_ID_CONFLICT", REFUSED),
          Map.entry("TARGET_IS_SOURCE", REFUSED),
          Map.entry("EXTENSION_UNAVAILABLE", REFUSED),
          Map.entry("NOT_A_CKAN_DATABASE", REFUSED),
          Map.entry("MIGRATION_CHECKSUM_MISMATCH", REFUSED),
          Map.entry("CKAN_VERSION_UNEXPECTED", REFUSED),
          Map.entry("UNKNOWN_META_COMMAND", REFUSED),
          Map.entry("HOST_KEY_UNKNOWN", SOURCE),
          Map.entry("HOST_KEY_MISMATCH", SOURCE),
          Map.entry("AUTH_FAILED", SOURCE),
          Map.entry("CONNECT_TIMEOUT", SOURCE),
          Map.entry("REMOTE_COMMAND_FAILED", SOURCE),
          Map.entry("NO_SPACE", SOURCE),
          Map.entry("TRANSFER_FAILED", SOURCE),
          Map.entry("SQL_FAILED", TARGET),
          Map.entry("MIGRATION_FAILED", TARGET),
          Map.entry("CKAN_UPGRADE_FAILED", TARGET),
          Map.entry("TARGET_UNAVAILABLE", TARGET),
          Map.entry("TARGET_BUSY", TARGET),
          Map.entry("TARGET_CHANGED", TARGET),
          Map.entry("SEARCH_UNAVAILABLE", SEARCH),
          Map.entry("DOCUMENT_REJECTED", SEARCH),
          Map.entry("DUMP_INCOMPLETE", VERIFICATION),
          Map.entry("ARTIFACT_CORRUPT", VERIFICATION),
          Map.entry("ARTIFACT_INCOMPLETE", VERIFICATION),
          Map.entry("CHECKSUM_MISMATCH", VERIFICATION),
          Map.entry("ROW_COUNT_MISMATCH", VERIFICATION),
          Map.entry("INDEX_INCOMPLETE", VERIFICATION),
          Map.entry("HARVEST_MIGRATION_INCOMPLETE", VERIFICATION),
          Map.entry("INTERRUPTED", INTERRUPTED),
          Map.entry("STATE_DB_UNAVAILABLE", INTERRUPTED),
          Map.entry("INDEX_STALLED", INTERRUPTED));

  private ExitCodes() {}

  /** The exit code for a phase's error code; unknown codes are internal errors. */
  public static int forErrorCode(String code) {
    return BY_CODE.getOrDefault(code, INTERNAL);
  }
}
