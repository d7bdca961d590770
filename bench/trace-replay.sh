#!/usr/bin/env bash
# Issue 20: a Mooncake trace replayed at its times, against the wire. Each request's first byte on the loopback
# (tcpdump, kernel timestamps) is set beside its trace time; the one constant shift (the step's start) is taken out
# as the median, and what is left is how far each send strayed from the trace. llmbench's own send delay is printed
# beside it. Needs root (or CAP_NET_RAW) for the capture.
# Usage: bench/trace-replay.sh [--repeat N] [--requests 600] [--mean-gap-ms 20]
source "$(dirname "$0")/common.sh"
install_debs tcpdump tcpdump
exec python3 "$BENCH_DIR/lib/trace_replay.py" "$@"
