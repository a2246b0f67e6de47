-- The index-service's plan of each reindex run, shared by every index-service instance: the
-- batches published to the work topic and which of them are done. A restart never re-plans a run
-- that has a plan; only batches recorded DONE are skipped.

CREATE TABLE index_plan (
  run_id     text PRIMARY KEY,
  target     text        NOT NULL,  -- the TargetSpec as JSON (secrets only by reference)
  index_spec text        NOT NULL,  -- the IndexSpec as JSON
  batches    integer     NOT NULL,
  datasets   integer     NOT NULL,
  planned_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE index_batch (
  run_id        text        NOT NULL REFERENCES index_plan (run_id),
  batch         integer     NOT NULL,
  datasets      integer     NOT NULL,
  ids           text[]      NOT NULL,
  status        text        NOT NULL CHECK (status IN ('PLANNED', 'DONE', 'FAILED')),
  indexed       integer,
  deleted       integer,
  millis        bigint,
  error_code    text,
  error_message text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, batch)
);

CREATE INDEX index_batch_open ON index_batch (run_id) WHERE status <> 'DONE';
