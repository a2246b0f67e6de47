package org.ckanmigrate.contract.event;

import java.util.List;

/**
 * One batch of datasets to index, published to the partitioned reindex work topic.
 *
 * @param batch the batch number, from 0
 * @param batches how many batches the plan has
 * @param packageIds the datasets of this batch
 */
public record ReindexBatchPlanned(int batch, int batches, List<String> packageIds) {}
