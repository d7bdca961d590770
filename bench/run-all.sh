#!/usr/bin/env bash
# Runs the five harnesses one after the other (about 10 minutes with the defaults) and keeps each one's output.
# Usage: bench/run-all.sh [--repeat N]     (outputs in $BENCH_OUT, default /tmp/llmbench-bench-<UTC stamp>/)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-/tmp/llmbench-bench-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"
for h in vs-wrk hold streams-10k accuracy vs-script; do
  echo "== $h" >&2
  "$dir/$h.sh" "$@" 2>&1 | tee "$out/$h.md"
done
echo "outputs in $out" >&2
