#!/usr/bin/env bash
# Harness 8 (issue 18): the unified --quick preset against Hugging Face's transformers serve (uvicorn, as vLLM),
# with and without --continuous-batching, beside the seed script on the same server. The first run makes a Python
# venv (CPU torch, transformers[serving]) and a tiny model in ~/.cache/llmbench-bench (LLMBENCH_BENCH_CACHE).
# Usage: bench/realserver.sh [--repeat N] [--mode plain|batching|both]
source "$(dirname "$0")/common.sh"
exec python3 "$BENCH_DIR/lib/realserver.py" "$@"
