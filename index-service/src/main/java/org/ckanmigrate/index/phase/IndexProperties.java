package org.ckanmigrate.index.phase;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this index-service instance takes part in reindex runs ({@code ckan-migrate.index.*}).
 *
 * @param workerConcurrency reindex-work consumers in this instance (each indexes one batch at a
 *     time); all instances together are capped by the work topic's partitions
 * @param defaultBatchSize the most datasets per batch when the run spec gives none (see {@link
 *     WorkSpread})
 * @param pollInterval how often the planning instance checks the batches' progress
 * @param solrRetries attempts per Solr request before SEARCH_UNAVAILABLE
 * @param solrBackoff the first pause between those attempts (doubled each time)
 * @param sessionIdle how long a worker keeps a run's CKAN connection and Solr client open after a
 *     batch, for the run's next batch
 * @param batchStallTimeout how long the planning instance waits without any batch finishing before
 *     it fails the phase with {@code INDEX_STALLED} (a batch nobody can take, e.g. dead-lettered,
 *     or no worker running) instead of waiting forever; resume publishes the batches not done again
 */
@Validated
@ConfigurationProperties("ckan-migrate.index")
public record IndexProperties(
    @DefaultValue("2") @Min(1) @Max(64) int workerConcurrency,
    @DefaultValue("500") @Min(1) @Max(10000) int defaultBatchSize,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("5") @Min(1) int solrRetries,
    @DefaultValue("500ms") Duration solrBackoff,
    @DefaultValue("30s") Duration sessionIdle,
    @DefaultValue("15m") Duration batchStallTimeout) {}
