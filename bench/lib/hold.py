"""Harness 2: the latency llmbench adds over a server that holds every request for a fixed time (issue 9, item 1).

LoopbackLlmServer answers every chat completion exactly HOLD ms after it has read the request (one scheduler
thread, no thread per request, so the hold stays exact at c=500). Each repetition runs the whole unified --quick
preset with the CLI in a fresh JVM and prints, for every step, what llmbench reports (latency_hdr p50, p99, max of
the step) minus the hold. The server's own lateness over the hold is printed too, so it can be told apart.
Goal: none of llmbench's start-up in any figure, first step included.
"""
import argparse
import json
import tempfile
from collections import OrderedDict
from pathlib import Path

import benchlib as b


def step_figures(out_dir):
    """{step: (p50_ms, p99_ms, max_ms)} from the CLI's result JSON, falling back to its per-request JSON lines."""
    result = json.loads(next(Path(out_dir).glob("benchmark_*[0-9].json")).read_text())
    figures = OrderedDict()
    for s in result["results"]:
        h = s.get("latency_hdr")
        if h:
            figures[s["test_name"]] = (h["p50_sec"] * 1e3, h["p99_sec"] * 1e3, h["max_sec"] * 1e3)
    if not figures:
        per_step = OrderedDict()
        for line in next(Path(out_dir).glob("benchmark_*_requests.jsonl")).read_text().splitlines():
            r = json.loads(line)
            if r["success"]:
                per_step.setdefault(r["step"], []).append(r["latency_ms"])
        for step, lat in per_step.items():
            figures[step] = (b.percentile(lat, 50), b.percentile(lat, 99), max(lat))
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--hold-ms", type=float, default=200.0)
    args = ap.parse_args()
    hold = args.hold_ms
    b.header(f"latency over a {hold:g} ms hold, unified --quick preset, fresh JVM each (bench/hold.sh)")
    work = Path(tempfile.mkdtemp(prefix="bench-hold-"))
    print(f"logs and results in {work}")
    runs, server_late, cpu = [], [], []
    for rep in range(1, args.repeat + 1):
        trace = work / f"server-{rep}.csv"
        server = b.loopback_server(trace, hold)
        out_dir = work / f"run-{rep}"
        try:
            w = b.watch(b.cli("--base-url", server.base_url, "--model", b.MODEL, "--quick",
                              "--output-dir", str(out_dir)), timeout=600, stdout_path=work / f"cli-{rep}.log")
        finally:
            server.stop()
        if w["rc"] != 0:
            raise SystemExit(f"the CLI exited with {w['rc']}; see {work / f'cli-{rep}.log'}")
        runs.append(step_figures(out_dir))
        late = [(int(r["first_ns"]) - int(r["arrival_ns"])) / 1e6 - hold for r in b.read_csv(trace)]
        server_late.append((b.percentile(late, 50), b.percentile(late, 99), max(late)))
        cpu.append(w)
        print(f"rep {rep}: {len(late)} requests, CLI wall {w['wall_s']:.1f} s, CPU {w['cpu_s']:.2f} s, "
              f"peak RSS {w['maxrss_mb']:.0f} MB; first step {next(iter(runs[-1]))} p50-hold "
              f"{next(iter(runs[-1].values()))[0] - hold:.1f} ms", flush=True)
    print()
    steps = list(runs[0].keys())
    rows = []
    for step in steps:
        have = [r[step] for r in runs if step in r]
        rows.append([step, len(have)] + [b.spread([h[i] - hold for h in have]) for i in range(3)])
    b.table(["step", "runs", "p50 - hold ms", "p99 - hold ms", "max - hold ms"], rows)
    print(f"\nthe server's own lateness over the hold (first byte written - request read - hold), all requests: "
          f"p50 {b.spread([s[0] for s in server_late])} ms, p99 {b.spread([s[1] for s in server_late])} ms, "
          f"max {b.spread([s[2] for s in server_late])} ms")
    worst = max(max(h[1] - hold for h in r.values()) for r in runs)
    first = b.med([next(iter(r.values()))[0] - hold for r in runs])
    print(f"goal: none of llmbench's start-up in any figure -> first step p50 - hold {b.fmt(first)} ms; "
          f"worst step p99 - hold over all runs {b.fmt(worst)} ms; median [min..max] of {args.repeat} runs")


if __name__ == "__main__":
    main()
