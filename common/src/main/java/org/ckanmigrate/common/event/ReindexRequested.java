package org.ckanmigrate.common.event;

import org.ckanmigrate.common.spec.IndexSpec;
import org.ckanmigrate.common.spec.TargetSpec;

/**
 * Command: reindex a CKAN database into Solr, on its own (without the earlier phases).
 *
 * @param target the CKAN database to read
 * @param index where and how to index
 */
public record ReindexRequested(TargetSpec target, IndexSpec index) {}
