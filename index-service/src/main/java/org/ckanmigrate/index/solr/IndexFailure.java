package org.ckanmigrate.index.solr;

import org.ckanmigrate.common.phase.PhaseFailureException;

/**
 * The index phase cannot go on: Solr is unreachable ({@link #SEARCH_UNAVAILABLE}), rejected a
 * document ({@link #DOCUMENT_REJECTED}) or does not hold what was indexed ({@link
 * #INDEX_INCOMPLETE}). Names the dataset and field when one is to blame.
 */
public class IndexFailure extends PhaseFailureException {

  public static final String SEARCH_UNAVAILABLE = "SEARCH_UNAVAILABLE";
  public static final String DOCUMENT_REJECTED = "DOCUMENT_REJECTED";
  public static final String INDEX_INCOMPLETE = "INDEX_INCOMPLETE";

  private final String datasetId;
  private final String field;

  public IndexFailure(
      String code, String message, String datasetId, String field, Throwable cause) {
    super(code, message, cause);
    this.datasetId = datasetId;
    this.field = field;
  }

  /** The dataset at fault, or null. */
  public String datasetId() {
    return datasetId;
  }

  /** The field Solr complained about, or null. */
  public String field() {
    return field;
  }
}
