"""Harness 7 (issue 18): what llmbench adds over the wire, every figure checked against a loopback packet capture.

The truth is the wire: tcpdump captures the loopback with the kernel's nanosecond timestamps, and each HTTP exchange
is timed from its request's first byte to its response's last byte (and, streamed, to the packet that completed the
first event with content). What a client reports minus that is what the client adds; neither the server's nor the
client's scheduling is in the wire's figure. Each request of llmbench's is paired with its own exchange by its
X-Request-Id; the seed script's requests carry none, so its steps are compared by percentiles.

Part "unified": the whole unified --quick preset against LoopbackLlmServer holding every request HOLD ms (a scripted
server, in its own JVM), run as the README's launcher runs it (bin/llmbench), with the Netty transport and then with
--transport okhttp, and the seed script, all in the same minute. Per step: llmbench's added latency at p50, p99 and
max over its requests (paired), beside the seed script's p50 and p99 minus the wire's.
Goal: every step <= 1 ms p50, <= 3 ms p99, <= 5 ms max.

Part "streams": custom streamed steps at c = 1, 16, 64, 256 against the simulator in its own process. Per c: TTFT
and end-to-end added at p50 and p99 (paired), and at c = 256 the step's send lag p99.
Goals: <= 1 ms p50, <= 3 ms p99 at every c; send lag p99 <= 2 ms at 256 streams.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import benchlib as b
import pcap

LAUNCHER = str(b.REPO / "bin" / "llmbench")


class Capture:
    """tcpdump on the loopback for one port, nanosecond timestamps, whole packets."""

    def __init__(self, port, path):
        self.path = path
        self.err = open(str(path) + ".log", "w")
        self.proc = subprocess.Popen(["tcpdump", "-i", "lo", "-s", "0", "-B", "65536", "-U", "-n",
                                      "--time-stamp-precision=nano", "-w", str(path), f"tcp port {port}"],
                                     stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.monotonic() + 10
        while "listening on" not in Path(str(path) + ".log").read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"tcpdump did not start; see {path}.log")
            time.sleep(0.05)

    def stop(self):
        time.sleep(0.3)  # the last packets reach the capture buffer
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=30)
        self.err.close()
        log = Path(str(self.path) + ".log").read_text()
        dropped = [l for l in log.splitlines() if "dropped by kernel" in l]
        return int(dropped[0].split()[0]) if dropped else 0


def llmbench_requests(out_dir):
    """{request_id: (step, latency_ms, ttft_ms)} from the run's JSON lines, and the result JSON."""
    lines = next(Path(out_dir).glob("benchmark_*_requests.jsonl")).read_text().splitlines()
    result = json.loads(next(Path(out_dir).glob("benchmark_*[0-9].json")).read_text())
    out = {}
    for line in lines:
        r = json.loads(line)
        if r["success"]:
            out[r["request_id"]] = (r["step"], r["latency_ms"], r.get("ttft_ms"))
    return out, result


def added_by_step(requests, wire):
    """{step: [client - wire latency ms], ...} and the same for TTFT, paired by X-Request-Id."""
    by_id = {e.request_id: e for e in wire if e.request_id}
    lat, ttft, unpaired = OrderedDict(), OrderedDict(), 0
    for rid, (step, latency, first) in requests.items():
        e = by_id.get(rid)
        if e is None or e.latency_ms is None:
            unpaired += 1
            continue
        lat.setdefault(step, []).append(latency - e.latency_ms)
        if first is not None and e.ttft_ms is not None:
            ttft.setdefault(step, []).append(first - e.ttft_ms)
    return lat, ttft, unpaired


def seed_by_step(result, wire):
    """The seed script's steps against the wire: its exchanges in start order, cut into its steps' sizes."""
    posts = [e for e in wire if e.status]
    out, pos = OrderedDict(), 0
    for s in result["results"]:
        n = s["num_requests"]
        mine = [e.latency_ms for e in posts[pos:pos + n] if e.status == 200 and e.latency_ms is not None]
        pos += n
        if mine:
            out[s["test_name"]] = (s["latency_p50"] * 1e3 - lower(mine, 50), s["latency_p99"] * 1e3 - lower(mine, 99))
    return out


def lower(values, p):
    """The script's own percentile rule (the lower sample), so both sides of the difference read alike."""
    data = sorted(values)
    return data[int((len(data) - 1) * p / 100)]


GENERATION = "POST /v1/chat/completions"


def run_unified(work, rep, hold, timeout, netty_only):
    server = b.loopback_server(work / f"trace-{rep}.csv", hold)
    results = {}
    try:
        clients = (("netty", []),) if netty_only else (("netty", []), ("okhttp", ["--transport", "okhttp"]))
        for name, extra in clients:
            out = work / f"{name}-{rep}"
            cap = Capture(server.port, work / f"{name}-{rep}.pcap")
            w = b.watch([LAUNCHER, "--base-url", server.base_url, "--model", b.MODEL, "--quick", "--no-server-metrics",
                         "--output-dir", str(out), *extra], timeout, stdout_path=work / f"{name}-{rep}.log")
            dropped = cap.stop()
            if w["rc"] != 0:
                raise SystemExit(f"llmbench ({name}) exited {w['rc']}; see {work / f'{name}-{rep}.log'}")
            requests, _ = llmbench_requests(out)
            lat, _, unpaired = added_by_step(requests, pcap.exchanges(cap.path, server.port))
            results[name] = (lat, unpaired, dropped, pcap.request_lines(cap.path, server.port))
        if netty_only:
            results["okhttp"] = results["seed"] = ({}, 0, 0, {})
            return results
        sdir = work / f"seed-{rep}"
        sdir.mkdir()
        cap = Capture(server.port, work / f"seed-{rep}.pcap")
        w = b.watch([sys.executable, str(b.BENCH_DIR / "unified_benchmark.py"), "--base-url", server.base_url,
                     "--model", b.MODEL, "--quick"], timeout, cwd=sdir, stdout_path=work / f"seed-{rep}.log")
        dropped = cap.stop()
        if w["rc"] != 0:
            raise SystemExit(f"the seed script exited {w['rc']}; see {work / f'seed-{rep}.log'}")
        result = json.loads(next((sdir / "results").glob("benchmark_*.json")).read_text())
        results["seed"] = (seed_by_step(result, pcap.exchanges(cap.path, server.port)), 0, dropped,
                           pcap.request_lines(cap.path, server.port))
    finally:
        server.stop()
    return results


def unified(args, work):
    print(f"\n### unified --quick over a {args.hold_ms:g} ms hold (LoopbackLlmServer), added over the wire, ms")
    reps = [run_unified(work, rep, args.hold_ms, 900, args.netty_only) for rep in range(1, args.repeat + 1)]
    for rep, r in enumerate(reps, 1):
        print(f"rep {rep}: unpaired netty {r['netty'][1]}, okhttp {r['okhttp'][1]}; packets dropped by the capture "
              f"{r['netty'][2]}/{r['okhttp'][2]}/{r['seed'][2]}; requests the server was sent: "
              + " | ".join(f"{name} " + ", ".join(f"{n} {line}" for line, n in sorted(r[name][3].items()))
                           for name in ("netty", "okhttp", "seed") if r[name][3]))
    steps = list(reps[0]["netty"][0].keys())
    rows = []
    worst = [0.0, 0.0, 0.0]
    for step in steps:
        row = [step]
        for name in ("netty", "okhttp"):
            per = [r[name][0].get(step) for r in reps]
            figs = [(b.percentile(v, 50), b.percentile(v, 99), max(v)) for v in per if v]
            row += [b.spread([f[i] for f in figs]) for i in range(3)]
            if name == "netty" and figs:
                for i in range(3):
                    worst[i] = max(worst[i], b.med([f[i] for f in figs]))
        seed = [r["seed"][0].get(step) for r in reps]
        row += [b.spread([s[0] for s in seed if s]), b.spread([s[1] for s in seed if s])]
        rows.append(row)
    b.table(["step", "netty p50", "netty p99", "netty max", "okhttp p50", "okhttp p99", "okhttp max",
             "seed p50", "seed p99"], rows)
    print(f"goal: every step <= 1 ms p50, <= 3 ms p99, <= 5 ms max -> worst step (median of {args.repeat}) "
          f"p50 {b.fmt(worst[0])}, p99 {b.fmt(worst[1])}, max {b.fmt(worst[2])} ms")
    if reps[0]["seed"][3]:
        same = all(r["netty"][3].get(GENERATION, 0) == r["seed"][3].get(GENERATION, 0) for r in reps)
        print(f"goal: the generation requests the server is sent are exactly the script's -> llmbench "
              f"{[r['netty'][3].get(GENERATION, 0) for r in reps]}, the script {[r['seed'][3].get(GENERATION, 0) for r in reps]}"
              f" ({'met' if same else 'NOT met'})")


def streams(args, work):
    print("\n### streamed against the simulator in its own process, added over the wire, ms")
    rows = []
    for c in args.concurrency:
        n = max(20, 4 * c)
        per = []
        for rep in range(1, args.repeat + 1):
            sim = b.JavaServer("io.github.llmbench.core.bench.SimulatorTraceMain",
                               ["--trace", str(work / f"sim-{c}-{rep}.csv"), "--max-running", "256",
                                "--max-waiting", "4096"], jvm_args=["-Xms512m"])
            try:
                out = work / f"stream-{c}-{rep}"
                cap = Capture(sim.port, work / f"stream-{c}-{rep}.pcap")
                w = b.watch([LAUNCHER, "--base-url", sim.base_url, "--model", "llmbench/simulated-llm", "--stream",
                             "--concurrency", str(c), "--num-prompts", str(n), "--output-len", "32",
                             "--no-server-metrics", "--output-dir", str(out)], 600,
                            stdout_path=work / f"stream-{c}-{rep}.log")
                cap.stop()
            finally:
                sim.stop()
            if w["rc"] != 0:
                raise SystemExit(f"llmbench exited {w['rc']}; see {work / f'stream-{c}-{rep}.log'}")
            requests, result = llmbench_requests(out)
            lat, ttft, _ = added_by_step(requests, pcap.exchanges(cap.path, sim.port))
            lat = [x for v in lat.values() for x in v]
            ttft = [x for v in ttft.values() for x in v]
            lag = result["results"][-1]["measurement"]["client"]["send_lag_p99_ms"]
            per.append((b.percentile(ttft, 50), b.percentile(ttft, 99), b.percentile(lat, 50), b.percentile(lat, 99),
                        lag, len(ttft)))
        rows.append([c, n] + [b.spread([p[i] for p in per]) for i in range(5)])
    b.table(["c", "requests", "TTFT p50", "TTFT p99", "e2e p50", "e2e p99", "send lag p99"], rows)
    print("goals: <= 1 ms p50 and <= 3 ms p99 at every c; send lag p99 <= 2 ms at c = 256")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--hold-ms", type=float, default=200.0)
    ap.add_argument("--part", choices=["unified", "streams", "all"], default="all")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64, 256])
    ap.add_argument("--netty-only", action="store_true", help="unified part: leave out OkHttp and the seed script")
    args = ap.parse_args()
    b.header("what llmbench adds over the wire (bench/wire.sh)")
    work = Path(tempfile.mkdtemp(prefix="bench-wire-"))
    print(f"captures, logs and results in {work}; llmbench runs as {LAUNCHER} "
          f"(JAVA_OPTS={os.environ.get('JAVA_OPTS', '<the launcher default>')})")
    if args.part in ("unified", "all"):
        unified(args, work)
    if args.part in ("streams", "all"):
        streams(args, work)


if __name__ == "__main__":
    main()
