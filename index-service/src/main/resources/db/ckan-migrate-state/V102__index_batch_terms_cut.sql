-- Names of a batch's datasets whose documents had a value cut to Solr's 32,766-byte term limit
-- (CKAN would post it whole and Solr would refuse the document): counted in IndexCompleted.
ALTER TABLE index_batch ADD COLUMN terms_cut text[] NOT NULL DEFAULT '{}';
