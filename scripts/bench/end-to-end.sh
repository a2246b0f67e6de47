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
# 3. the ceiling again, on the first demo run's own migrated target (dumped while --keep-running
#    holds the stack): the same documents the demo's index phase sent, a like-for-like measure;
# 4. docs/benchmarks/end-to-end.md from all of it (report.py): per phase, wall and CPU seconds per
#    process; the index phase's rate, its ratio to both ceilings and its CPU per 1,000 datasets.
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
first=""
for n in "${instances[@]}"; do
  echo "== (2) demo, $datasets datasets, $n index-service instance(s)" >&2
  work="$out/work-$n"
  rm -rf "$work" "$out/stdin-$n"
  mkfifo "$out/stdin-$n"
  exec 3<>"$out/stdin-$n"
  # --keep-running holds the stack after the migration, so the first run's migrated target can be
  # dumped for the like-for-like ceiling (3); Enter then shuts the demo down. report.py leaves the
  # pause out of the demo's wall time.
  python3 scripts/bench/proc_cpu.py "$out/demo-$n.json" -- \
    ./ckan-migrate demo --datasets "$datasets" --index-instances "$n" --prometheus-port 0 \
    --work-dir "$work" --keep-running < "$out/stdin-$n" > "$out/demo-$n.log" 2>&1 &
  demo=$!
  while kill -0 "$demo" 2>/dev/null && ! grep -q 'Everything stays up' "$out/demo-$n.log"; do
    sleep 1
  done
  if [ -z "$first" ] && grep -q 'Everything stays up' "$out/demo-$n.log"; then
    first="$n"
    spec="$work/ckan_target.run-spec.yaml"
    field() { sed -n "s/^  $1: //p" "$spec" | head -1; }
    "$(field pg-dump-path)" -h "$(field pg-host)" -p "$(field pg-port)" -U "$(field pg-user)" \
      -O -x -f "$out/target.sql" ckan_target || { echo >&3; exit 1; }
  fi
  echo >&3
  exec 3>&-
  wait "$demo" || { tail -40 "$out/demo-$n.log" >&2; exit 1; }
  rm -f "$out/stdin-$n"
  grep -E '^(dump|load|schema|index) +SUCCEEDED|Demo finished' "$out/demo-$n.log" >&2
  runs+=("$n instance(s)=$out/demo-$n.json")
done

echo "== (3) Solr ceiling on the demo's own migrated catalogue ($first instance run)" >&2
./mvnw -B -ntp -o -pl index-service verify -Dspotless.check.skip=true \
  -Dtest=ReindexBenchmarkIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ReindexBenchmarkIT -Dckan.benchmark.reindex.datasets="$datasets" \
  -Dckan.benchmark.reindex.restore="$PWD/$out/target.sql" \
  -Dckan.benchmark.reindex.steps=a > "$out/ceiling-demo.log" 2>&1 \
  || { tail -40 "$out/ceiling-demo.log" >&2; exit 1; }
cp index-service/target/reindex-benchmark.txt "$out/ceiling-demo.txt"
cat "$out/ceiling-demo.txt" >&2
rm -f "$out/target.sql"

python3 scripts/bench/report.py docs/benchmarks/end-to-end.md "$datasets" "$out/ceiling.txt" \
  "$out/ceiling-demo.txt" "${runs[@]}"
echo "== written docs/benchmarks/end-to-end.md" >&2
