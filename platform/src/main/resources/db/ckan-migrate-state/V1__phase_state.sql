-- State of one service: which events it processed (inbox), the run specs it saw, one job row per
-- (run, phase), and the events it still has to publish (outbox). Lives in the service's own state
-- database, schema ckan_migrate_state, never in a CKAN database.

CREATE TABLE inbox (
  consumer    text        NOT NULL,
  event_id    text        NOT NULL,
  event_type  text        NOT NULL,
  run_id      text        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE TABLE run_spec (
  run_id         text PRIMARY KEY,
  correlation_id text,
  spec           text        NOT NULL,
  start_phase    text,
  requested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE phase_job (
  run_id           text        NOT NULL,
  phase            text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('REQUESTED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  attempt          integer     NOT NULL DEFAULT 0,
  owner            text,
  lease_until      timestamptz,
  heartbeat_at     timestamptz,
  trigger_event    text        NOT NULL,
  completion_event text,
  error_code       text,
  error_message    text,
  progress_done    bigint,
  progress_total   bigint,
  progress_unit    text,
  requested_at     timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, phase)
);

CREATE INDEX phase_job_status ON phase_job (phase, status);

CREATE TABLE outbox (
  id          bigserial PRIMARY KEY,
  topic       text        NOT NULL,
  message_key text        NOT NULL,
  event_id    text        NOT NULL,
  event       text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
