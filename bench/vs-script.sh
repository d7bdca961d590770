#!/usr/bin/env bash
# Harness 5 (issue 9, item 8): CPU time and peak RSS of --quick, llmbench beside bench/unified_benchmark.py, against
# nginx answering at once. Usage: bench/vs-script.sh [--repeat N]
source "$(dirname "$0")/common.sh"
install_debs nginx nginx-light
ulimit -n "$(ulimit -Hn)"
exec python3 "$BENCH_DIR/lib/vs_script.py" "$@"
