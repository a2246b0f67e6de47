#!/usr/bin/env bash
# The whole test suite: formatting and enforcer checks, unit tests (*Test) and integration tests
# (*IT) against real PostgreSQL, Kafka, Solr and SSH servers that the tests start themselves.
# Needs Java 17+ and the PostgreSQL server binaries (Debian: postgresql-15); no Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -ntp verify "$@"
