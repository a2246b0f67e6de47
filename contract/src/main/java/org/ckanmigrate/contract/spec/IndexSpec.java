package org.ckanmigrate.contract.spec;

import java.util.List;

/**
 * The Solr reindex (owned by the index phase).
 *
 * @param solrUrl base URL of Solr, e.g. {@code http://localhost:8983/solr}, without credentials
 * @param core the CKAN core (collection)
 * @param siteId CKAN's {@code ckan.site_id}
 * @param batchSize the most datasets per work batch and per Solr update request (batches are made
 *     equal and their number a multiple of the work topic's partitions, so workers share evenly)
 * @param removeDeleted CKAN's {@code ckan.search.remove_deleted_packages}; left out (null), CKAN's
 *     default: true (deleted datasets are not searchable). Before 2.10 CKAN always removes them
 * @param previousSiteId if set, documents of this site id are removed at the end
 * @param siteUrl CKAN's {@code ckan.site_url} (uploaded resources' and group images' URLs are built
 *     from it); empty if unknown
 * @param ckanVersion the target CKAN release, e.g. {@code 2.10}; null to detect it from the
 *     database
 * @param extraResourceFields CKAN's {@code ckan.extra_resource_fields}
 * @param allowDatasetCollaborators CKAN's {@code ckan.auth.allow_dataset_collaborators}
 * @param trackingViews whether {@code views_total}/{@code views_recent} are indexed; null for the
 *     release's default (core up to 2.10, the {@code tracking} plugin from 2.11)
 */
public record IndexSpec(
    String solrUrl,
    String core,
    String siteId,
    int batchSize,
    Boolean removeDeleted,
    String previousSiteId,
    String siteUrl,
    String ckanVersion,
    List<String> extraResourceFields,
    boolean allowDatasetCollaborators,
    Boolean trackingViews) {

  public IndexSpec {
    siteUrl = siteUrl == null ? "" : siteUrl;
    extraResourceFields =
        extraResourceFields == null ? List.of() : List.copyOf(extraResourceFields);
  }

  /** The original six settings, everything else at CKAN's defaults. */
  public IndexSpec(
      String solrUrl,
      String core,
      String siteId,
      int batchSize,
      boolean removeDeleted,
      String previousSiteId) {
    this(
        solrUrl,
        core,
        siteId,
        batchSize,
        removeDeleted,
        previousSiteId,
        "",
        null,
        List.of(),
        false,
        null);
  }
}
