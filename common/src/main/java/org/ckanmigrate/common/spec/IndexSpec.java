package org.ckanmigrate.common.spec;

/**
 * The Solr reindex (owned by the index phase).
 *
 * @param solrUrl base URL of Solr, e.g. {@code http://localhost:8983/solr}, without credentials
 * @param core the CKAN core (collection)
 * @param siteId CKAN's {@code ckan.site_id}
 * @param batchSize datasets per work batch and per Solr update request
 * @param removeDeleted CKAN's {@code ckan.search.remove_deleted_packages}
 * @param previousSiteId if set, documents of this site id are removed at the end
 */
public record IndexSpec(
    String solrUrl,
    String core,
    String siteId,
    int batchSize,
    boolean removeDeleted,
    String previousSiteId) {}
