#!/bin/bash
# Runs once, when the state server's data directory is initialised: one state database (inbox,
# jobs, outbox) per service, so a service's Flyway history and leases never mix with another's.
set -euo pipefail
for db in dump_state load_state schema_state index_state; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v db="$db" \
    <<<'CREATE DATABASE :"db";'
done
