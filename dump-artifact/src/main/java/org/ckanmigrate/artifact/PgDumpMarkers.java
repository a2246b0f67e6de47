package org.ckanmigrate.artifact;

/** What pg_dump writes that the dump and the load both rely on. */
public final class PgDumpMarkers {

  /**
   * pg_dump's last line: its absence means the dump was cut short, whatever the exit status said.
   */
  public static final String COMPLETE_TRAILER = "-- PostgreSQL database dump complete";

  private PgDumpMarkers() {}
}
