#!/usr/bin/env bash
# End-to-end benchmark (#18): the one-machine demo beside the Solr bulk-add ceiling, in one run.
#
#   scripts/bench/end-to-end.sh [DATASETS (default 50000)] [INSTANCES... (default: 1 2)]
#
# 1. the ceiling: ReindexBenchmarkIT step (a) on DATASETS generated datasets (the documents built
#    first, then only the Solr writes timed; Solr with the demo's heap and JVM options);
# 2. for each INSTANCES: ./ckan-migrate demo --datasets DATASETS --index-instances INSTANCES
#    --prometheus-port 0, its output time-stamped and the CPU of every process of its stack sampled
#    from /proc (proc_cpu.py);
# 3. docs/benchmarks/end-to-end.md from both (report.py): per phase, wall and CPU seconds per
#    process; the index phase's rate, its ratio to the ceiling and its CPU per 1,000 datasets.
# Raw data stays in target/bench-end-to-end/. Run it on a quiet machine: wall times count what
# else runs, CPU seconds do not. Needs python3 and what ./ckan-migrate demo needs.
set -euo pipefail
cd "$(dirname "$0")/../.."
datasets="${1:-50000}"
shift || true
instances=("$@")
[ ${#instances[@]} -gt 0 ] || instances=(1 2)
out=target/bench-end-to-end
mkdir -p "$out"

echo "== build" >&2
./mvnw -q -B -ntp -DskipTests install >&2
touch cli/target/.ckan-migrate-built

echo "== (1) Solr ceiling, $datasets datasets" >&2
./mvnw -B -ntp -o -pl index-service verify -Dspotless.check.skip=true \
  -Dtest=ReindexBenchmarkIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ReindexBenchmarkIT -Dckan.benchmark.reindex.datasets="$datasets" \
  -Dckan.benchmark.reindex.steps=a > "$out/ceiling.log" 2>&1 \
  || { tail -40 "$out/ceiling.log" >&2; exit 1; }
cp index-service/target/reindex-benchmark.txt "$out/ceiling.txt"
cat "$out/ceiling.txt" >&2

runs=()
for n in "${instances[@]}"; do
  echo "== (2) demo, $datasets datasets, $n index-service instance(s)" >&2
  python3 scripts/bench/proc_cpu.py "$out/demo-$n.json" -- \
    ./ckan-migrate demo --datasets "$datasets" --index-instances "$n" --prometheus-port 0 \
    > "$out/demo-$n.log" 2>&1 || { tail -40 "$out/demo-$n.log" >&2; exit 1; }
  grep -E '^(dump|load|schema|index) +SUCCEEDED|Demo finished' "$out/demo-$n.log" >&2
  runs+=("$n instance(s)=$out/demo-$n.json")
done

python3 scripts/bench/report.py docs/benchmarks/end-to-end.md "$datasets" "$out/ceiling.txt" "${runs[@]}"
echo "== written docs/benchmarks/end-to-end.md" >&2
