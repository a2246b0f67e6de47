package org.ckanmigrate.platform.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topic layout and delivery settings shared by every service ({@code ckan-migrate.kafka.*}).
 *
 * @param eventPartitions partitions of the events topic and its dead-letter topic; runs are spread
 *     over them by run id
 * @param workPartitions partitions of the reindex work topic: the most index-service consumers that
 *     can share one run's batches
 * @param replicationFactor replication of the topics this service declares (1 for a single broker)
 * @param retryAttempts blocking redeliveries of a failing record before it is dead-lettered
 * @param retryBackoff pause between those redeliveries (kept short: it blocks the partition)
 * @param outageBudget how long a valid record is retried while this service's state database is
 *     unreachable (back-off from 1 s doubling to 30 s), before the run is told with a {@code
 *     STATE_DB_UNAVAILABLE} failure that {@code resume} acts on; a record is never dead-lettered
 *     for an outage shorter than this
 * @param eventsRetention how long the events topic (and its dead-letter twin) keeps records: the
 *     run record that {@code status}, {@code list} and {@code resume} read; 0 (the default) keeps
 *     them for good. Applied when this service creates the topic
 * @param progressRetention how long the progress topic keeps records (live views only)
 * @param sasl this service's login on a broker that authenticates (unset: none, PLAINTEXT)
 */
@Validated
@ConfigurationProperties("ckan-migrate.kafka")
public record KafkaTopicsProperties(
    @DefaultValue("3") @Min(1) int eventPartitions,
    @DefaultValue("12") @Min(1) int workPartitions,
    @DefaultValue("1") @Min(1) @Max(5) short replicationFactor,
    @DefaultValue("2") @Min(0) int retryAttempts,
    @DefaultValue("1s") Duration retryBackoff,
    @DefaultValue("10m") Duration outageBudget,
    @DefaultValue("0s") Duration eventsRetention,
    @DefaultValue("1d") Duration progressRetention,
    @jakarta.validation.Valid Sasl sasl) {

  /**
   * A SASL/SCRAM login ({@code ckan-migrate.kafka.sasl.*}), applied to every Kafka client of the
   * service by {@link org.ckanmigrate.platform.config.KafkaAuthentication} before they are made.
   *
   * @param username the service's SCRAM user on the broker
   * @param passwordFile the file holding its password, alone (a secret file; never a property
   *     value)
   * @param mechanism {@code SCRAM-SHA-512} or {@code SCRAM-SHA-256}, as the broker's credentials
   *     were made
   */
  public record Sasl(
      String username,
      java.nio.file.Path passwordFile,
      @DefaultValue("SCRAM-SHA-512")
          @jakarta.validation.constraints.Pattern(regexp = "SCRAM-SHA-(512|256)")
          String mechanism) {}
}
