package org.ckanmigrate.index.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.gold.CkanGoldFixture;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.index.solr.SolrRetry;
import org.ckanmigrate.index.solr.SolrWireFormat;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.Test;

/** Read, build and write in batches from the gold database into a real Solr, then verify. */
class BatchIndexerIT {

  @Test
  void reindexesTheGoldCatalogueBatchByBatchAndRemovesVanishedDatasets() throws Exception {
    SolrServerProcess solr = SolrServerProcess.shared();
    String site = "batch-" + UUID.randomUUID();
    try (TestDatabase db = CkanGoldFixture.load("index_batch");
        Connection c = db.connect();
        SolrIndexWriter writer =
            new SolrIndexWriter(
                solr.baseUrl(),
                "ckan",
                site,
                SolrWireFormat.PYSOLR_3_9_JSON,
                new SolrRetry(3, Duration.ofMillis(200)))) {
      CkanSchema schema = CkanSchema.detect(c);
      BatchIndexer indexer =
          new BatchIndexer(
              new DatasetBatchReader(schema),
              new CkanDocumentBuilder(IndexRules.defaults(schema.release(), site, "")),
              writer);
      List<String> all = new ArrayList<>(DatasetIds.all(c));
      all.add("purged-since-planning");
      int indexed = 0;
      int deleted = 0;
      int vanished = 0;
      for (int i = 0; i < all.size(); i += 3) {
        BatchIndexer.Outcome o = indexer.index(c, all.subList(i, Math.min(all.size(), i + 3)));
        indexed += o.indexed();
        deleted += o.deleted();
        vanished += o.vanished();
      }
      SolrIndexWriter.FinishResult result = writer.finish(DatasetIds.indexable(c, true), null);

      assertThat(all).hasSize(12);
      assertThat(indexed).isEqualTo(10);
      assertThat(deleted).isEqualTo(2); // the deleted dataset and the vanished id
      assertThat(vanished).isEqualTo(1);
      assertThat(result.indexed()).isEqualTo(10);
    }
  }
}
