#!/usr/bin/env bash
# Harness 1 (issue 9, item 8): llmbench beside wrk at c=1, 100, 500 against nginx answering at once.
# Usage: bench/vs-wrk.sh [--repeat N] [--duration SEC] [--concurrency 1,100,500]
source "$(dirname "$0")/common.sh"
install_debs nginx nginx-light wrk wrk
ulimit -n "$(ulimit -Hn)"
exec python3 "$BENCH_DIR/lib/vs_wrk.py" "$@"
