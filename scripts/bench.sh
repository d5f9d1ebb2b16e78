#!/usr/bin/env bash
# Runs every benchmark program of the build, each repeated, and reports the medians.
# Usage: scripts/bench.sh [build-dir]   (default build/release)
# Results: <build-dir>/bench-results/<name>.json (Google Benchmark JSON) and a summary on
# stdout: the median rows, and the ratio lines a program prints after its table.
set -euo pipefail
build=${1:-build/release}
repetitions=${BENCH_REPETITIONS:-5}
out="$build/bench-results"
mkdir -p "$out"
export LARKBASE_BIN="$PWD/$build/src/cli/larkbase"

mapfile -t programs < <(find "$build/bench" -type f -name '*_bench' -perm -u+x | sort)
if [ ${#programs[@]} -eq 0 ]; then
  echo "bench: no benchmark programs under $build/bench" >&2
  exit 1
fi
for program in "${programs[@]}"; do
  name=$(basename "$program")
  echo "== $name (median of $repetitions runs)"
  "$program" --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/$name.json" --benchmark_out_format=json ${BENCH_FILTER:+--benchmark_filter="$BENCH_FILTER"} \
    | grep -E '_median|^Benchmark|^-|^page:|^load average| / BM_' || true
done
echo "bench: JSON results in $out"
