#!/usr/bin/env bash
# The whole test suite: formatting and enforcer checks, unit tests (*Test) and integration tests
# (*IT) against real PostgreSQL, Kafka, Solr and SSH servers that the tests start themselves.
# Needs what scripts/prerequisites.sh lists (it says what is missing and how to install it); no
# Docker engine. Reference checks against third-party files run with
# -Dckan.reference.dir=DIR (or CKAN_MIGRATE_REFERENCE_DIR=DIR); without, they are reported skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh check test
exec ./mvnw -B -ntp verify "$@"
