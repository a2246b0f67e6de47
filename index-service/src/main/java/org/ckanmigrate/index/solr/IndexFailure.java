package org.ckanmigrate.index.solr;

import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.platform.phase.PhaseFailureException;

/**
 * The index phase cannot go on: Solr is unreachable ({@code SEARCH_UNAVAILABLE}), rejected a
 * document ({@code DOCUMENT_REJECTED}) or does not hold what was indexed ({@code
 * INDEX_INCOMPLETE}). Names the dataset and field when one is to blame.
 */
public class IndexFailure extends PhaseFailureException {

  private final String datasetId;
  private final String field;

  public IndexFailure(
      ErrorCode code, String message, String datasetId, String field, Throwable cause) {
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
