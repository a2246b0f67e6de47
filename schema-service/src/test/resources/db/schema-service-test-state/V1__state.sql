CREATE TABLE phase_job (run_id text PRIMARY KEY);
