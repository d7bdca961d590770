#!/usr/bin/env bash
# The unified preset on N local shards (default 3) beside the same run in one process, against the simulator at full
# time scale: per step, requests, successes, status and p99 of the merged run next to the single run's.
# Usage: bench/shards-vs-single.sh [N]   (needs the built jar: mvn -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-3}"
out="$(mktemp -d)"
bin/llmbench --simulate --quick --shards "$n" --output-dir "$out/sharded" > "$out/sharded.log" 2>&1
bin/llmbench --simulate --quick --output-dir "$out/single" > "$out/single.log" 2>&1
python3 - "$out/sharded" "$out/single" <<'PY'
import glob, json, sys
merged = json.load(open(glob.glob(sys.argv[1] + "/*_merged.json")[0]))
single = json.load(open([f for f in glob.glob(sys.argv[2] + "/*.json")][0]))
m = {r["test_name"]: r for r in merged["results"]}
same, worst = 0, 0.0
print(f"{'step':13s} {'requests':>9s} {'succeeded':>10s}  {'status (merged/single)':23s} p99 s (merged/single)")
for r in single["results"]:
    a = m[r["test_name"]]
    same += a["status"] == r["status"]
    if r["latency_p99"] > 0:
        worst = max(worst, abs(a["latency_p99"] / r["latency_p99"] - 1))
    print(f"{r['test_name']:13s} {a['num_requests']:4d}/{r['num_requests']:<4d} {a['successful']:5d}/{r['successful']:<4d}"
          f"  {a['status'] + '/' + r['status']:23s} {a['latency_p99']:.3f}/{r['latency_p99']:.3f}")
print(f"RESULT statuses equal {same} of {len(single['results'])}; largest p99 difference {worst * 100:.1f} %")
PY
echo "files: $out"
