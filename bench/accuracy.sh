#!/usr/bin/env bash
# Harness 4 (issue 9, item 7): streamed TTFT / e2e p99 at c=1, 16, 64 against the simulator's own timestamps,
# fresh JVMs. Usage: bench/accuracy.sh [--repeat N] [--concurrency 1,16,64] [--time-scale 1.0]
source "$(dirname "$0")/common.sh"
exec python3 "$BENCH_DIR/lib/accuracy.py" "$@"
