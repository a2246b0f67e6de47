package org.ckanmigrate.contract.event;

import java.util.List;

/**
 * Every planned batch is in Solr, committed and verified.
 *
 * @param indexed datasets indexed
 * @param deleted deleted datasets removed from the index
 * @param staleRemoved documents of datasets that no longer exist (or of a previous site id) removed
 * @param verified whether the Solr count and id set equal the expected ones
 * @param datasetsPerSecond indexing rate over the whole phase
 * @param termsCut documents indexed with a value cut to Solr's 32,766-byte term limit: CKAN posts
 *     such a value whole and Solr refuses the whole document, so these differ from CKAN's by design
 * @param termsCutFirst names of the first few of those datasets (at most {@link #EXAMPLES})
 */
public record IndexCompleted(
    long indexed,
    long deleted,
    long staleRemoved,
    boolean verified,
    double datasetsPerSecond,
    long termsCut,
    List<String> termsCutFirst) {

  /** How many dataset names {@link #termsCutFirst} holds at most. */
  public static final int EXAMPLES = 5;

  public IndexCompleted {
    termsCutFirst = termsCutFirst == null ? List.of() : List.copyOf(termsCutFirst);
  }

  public IndexCompleted(
      long indexed, long deleted, long staleRemoved, boolean verified, double datasetsPerSecond) {
    this(indexed, deleted, staleRemoved, verified, datasetsPerSecond, 0, List.of());
  }
}
