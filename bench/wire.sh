#!/usr/bin/env bash
# Harness 7 (issue 18): what llmbench adds over the wire, against a loopback packet capture (tcpdump, from Debian),
# beside the seed script and the OkHttp transport in the same minute. Needs root (or CAP_NET_RAW) for the capture.
# Usage: bench/wire.sh [--repeat N] [--part unified|streams|all] [--hold-ms 200] [--concurrency 1 16 64 256]
source "$(dirname "$0")/common.sh"
install_debs tcpdump tcpdump
ulimit -n "$(ulimit -Hn)"
exec python3 "$BENCH_DIR/lib/wire.py" "$@"
