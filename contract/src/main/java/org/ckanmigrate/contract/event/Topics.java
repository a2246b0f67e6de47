package org.ckanmigrate.contract.event;

/** Topic names. Every record's key is the run id, so a run's events stay ordered. */
public final class Topics {

  /** Pipeline events and commands: run requested, phase completed/failed, run completed. */
  public static final String EVENTS = "ckan-migrate.events";

  /** Reindex batches, spread over many partitions so index-service instances share the work. */
  public static final String REINDEX_WORK = "ckan-migrate.reindex-work";

  /**
   * Running phases' progress, every few seconds per phase: its own topic with a short retention, so
   * the events topic keeps every run's record for as long as it is configured to (by default, for
   * good) without filling up with progress.
   */
  public static final String PROGRESS = "ckan-migrate.progress";

  /** Spring Kafka's dead-letter suffix: a poison record goes to {@code <topic>-dlt}. */
  public static final String DLT_SUFFIX = "-dlt";

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DLT_SUFFIX;
  }
}
