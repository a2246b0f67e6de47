#!/usr/bin/env bash
# Start-up benchmark: the one-machine demo's start-up, with the services' class data archives and
# without them (--no-class-data-sharing), rounds interleaved in one run.
#
#   scripts/bench/startup.sh [ROUNDS (default 2)] [DATASETS (default 2000)]
#
# Each round runs ./ckan-migrate demo --datasets DATASETS --prometheus-port 0 once per variant,
# under proc_cpu.py (its output lines time-stamped, the CPU of every process of its stack sampled
# from /proc), then startup_report.py writes docs/benchmarks/startup.md: per step of the start-up
# ("starting X" lines up to the run's request), wall and CPU seconds, median over the rounds.
# The archives must exist before the first round (one demo after the build makes them); a round
# that had to train them says so and is left out. Raw data stays in target/bench-startup/.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-2}"
datasets="${2:-2000}"
out=target/bench-startup
rm -rf "$out"
mkdir -p "$out"

echo "== build" >&2
./mvnw -q -B -ntp -DskipTests install >&2
touch cli/target/.ckan-migrate-built

runs=()
for r in $(seq 1 "$rounds"); do
  for variant in archives no-archives; do
    opts=()
    [ "$variant" = no-archives ] && opts=(--no-class-data-sharing)
    echo "== round $r, $variant" >&2
    python3 scripts/bench/proc_cpu.py "$out/$variant-$r.json" -- \
      ./ckan-migrate demo --datasets "$datasets" --prometheus-port 0 --no-kafka-auth "${opts[@]}" \
      > "$out/$variant-$r.log" 2>&1 || { tail -40 "$out/$variant-$r.log" >&2; exit 1; }
    runs+=("$variant=$out/$variant-$r.json")
  done
done

python3 scripts/bench/startup_report.py docs/benchmarks/startup.md "$datasets" "${runs[@]}"
echo "== written docs/benchmarks/startup.md" >&2
