#!/usr/bin/env bash
# Harness 2 (issue 9, item 1): latency llmbench adds over a server holding every request HOLD ms, every step of
# the unified --quick preset, fresh JVM per run. Usage: bench/hold.sh [--repeat N] [--hold-ms 200]
source "$(dirname "$0")/common.sh"
ulimit -n "$(ulimit -Hn)"
exec python3 "$BENCH_DIR/lib/hold.py" "$@"
