package org.ckanmigrate.index.document;

import java.util.Map;

/** What the index must do for one dataset. */
public sealed interface IndexAction {

  String datasetId();

  /**
   * Add or replace the dataset's document.
   *
   * @param datasetId the dataset id
   * @param document the document as CKAN's indexer hands it to pysolr (nulls included)
   * @param termsCut whether a value was cut to Solr's term limit (CKAN would post it whole and Solr
   *     would refuse the document, so this document differs from CKAN's by design)
   */
  record Upsert(String datasetId, Map<String, Object> document, boolean termsCut)
      implements IndexAction {

    public Upsert(String datasetId, Map<String, Object> document) {
      this(datasetId, document, false);
    }
  }

  /** Remove the dataset's document (it is deleted and CKAN removes deleted datasets). */
  record Delete(String datasetId) implements IndexAction {}
}
