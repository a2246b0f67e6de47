package org.ckanmigrate.common.event;

/**
 * Every planned batch is in Solr, committed and verified.
 *
 * @param indexed datasets indexed
 * @param deleted deleted datasets removed from the index
 * @param staleRemoved documents of datasets that no longer exist (or of a previous site id) removed
 * @param verified whether the Solr count and id set equal the expected ones
 * @param datasetsPerSecond indexing rate over the whole phase
 */
public record IndexCompleted(
    long indexed, long deleted, long staleRemoved, boolean verified, double datasetsPerSecond) {}
