#!/usr/bin/env bash
# Harness 6: a blocking-socket Java client, plain OkHttp and llmbench beside wrk at one concurrency, warm JVMs.
# Usage: [JAVA=...] bench/transport-floor.sh [--repeat N] [--duration SEC] [--concurrency 500]
source "$(dirname "$0")/common.sh"
install_debs nginx nginx-light wrk wrk
ulimit -n "$(ulimit -Hn)"
exec python3 "$BENCH_DIR/lib/transport_floor.py" "$@"
