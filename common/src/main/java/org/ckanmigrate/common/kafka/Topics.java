package org.ckanmigrate.common.kafka;

/** Topic names. Every record's key is the run id, so a run's events stay ordered. */
public final class Topics {

  /** Pipeline events and commands: run requested, phase completed/failed, run completed. */
  public static final String EVENTS = "ckan-migrate.events";

  /** Reindex batches, spread over many partitions so index-service instances share the work. */
  public static final String REINDEX_WORK = "ckan-migrate.reindex-work";

  /** Spring Kafka's dead-letter suffix: a poison record goes to {@code <topic>-dlt}. */
  public static final String DLT_SUFFIX = "-dlt";

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DLT_SUFFIX;
  }
}
