#!/usr/bin/env bash
# Harness 3 (issue 9, item 3): 10,000 concurrent streams in one llmbench JVM: RSS, threads, start spread, TTFT error.
# Usage: [JAVA_OPTS=-Xss256k] [JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java] bench/streams-10k.sh [--repeat N]
#        [--streams 10000] [--hold-ms 1000]
source "$(dirname "$0")/common.sh"
install_debs tcpdump tcpdump
ulimit -n "$(ulimit -Hn)"   # 10,000 sockets in each of the two JVMs
if [ "$(ulimit -n)" -lt 12000 ]; then echo "bench: ulimit -n is $(ulimit -n); 10,000 streams need ~10,100" >&2; fi
exec python3 "$BENCH_DIR/lib/streams.py" "$@"
