"""Harness 6: how far below wrk a Java client already is before llmbench's engine, at one concurrency (default
500) against the nginx of harness 1. Per repetition, one after the other against the same nginx:
  1. wrk -c C -t 2 -d DURATION --latency -s post.lua;
  2. TransportFloor --mode socket: one blocking socket per worker thread (virtual on 21+), nothing else;
  3. TransportFloor --mode okhttp: plain OkHttp calls on the client llmbench derives, body read and dropped;
  4. StepMain: llmbench, a warm-up run of the same size in the same JVM, then the measured step.
2-4 each run N requests untimed first, then N timed (N = wrk's rate x DURATION / 4, at least 20 C). Prints rate and
p99 of each beside wrk's, median [min..max] over the repetitions: the gap between (2) and (3) is OkHttp's blocking
path, between (3) and (4) llmbench's own work per request.
"""
import argparse
import tempfile
from pathlib import Path

import benchlib as b
from vs_wrk import wrk

FLOOR = "io.github.llmbench.core.bench.TransportFloor"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--concurrency", type=int, default=500)
    args = ap.parse_args()
    c = args.concurrency
    b.header(f"the Java transport floor beside wrk at c={c} (bench/transport-floor.sh)")
    nginx = b.Nginx()
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    print(f"nginx {nginx.base_url}; logs in {work}")
    runs = []
    try:
        for rep in range(1, args.repeat + 1):
            w = wrk(nginx.base_url, c, args.duration)
            n = max(20 * c, int(w["rate"] * args.duration / 4))
            row = {"wrk": w}
            for mode in ("socket", "okhttp"):
                _, res = b.run_step_main(["--base-url", nginx.base_url, "--mode", mode, "--concurrency", str(c),
                                          "--requests", str(n)], timeout=args.duration * 30 + 120,
                                         out_log=work / f"{mode}-{rep}.log", main_class=FLOOR, key="mode")
                row[mode] = res[mode]
            _, res = b.run_step_main(["--base-url", nginx.base_url, "--concurrency", str(c), "--warmup-requests",
                                      str(n), "--requests", str(n)], timeout=args.duration * 30 + 120,
                                     out_log=work / f"llmbench-{rep}.log")
            row["llmbench"] = res["measured"]
            runs.append(row)
            print(f"rep {rep}: wrk {w['rate']:.0f}/s p99 {w['p99_ms']:.2f} ms | " + " | ".join(
                f"{k} {row[k]['rate']:.0f}/s p99 {row[k]['p99_ms']:.2f} ms" for k in ("socket", "okhttp", "llmbench")),
                flush=True)
    finally:
        nginx.stop()
    print()
    rows = []
    for k in ("socket", "okhttp", "llmbench"):
        col = lambda f: b.spread([f(x) for x in runs])
        rows.append([k, col(lambda x: x[k]["rate"]), col(lambda x: x[k]["rate"] / x["wrk"]["rate"]),
                     col(lambda x: x[k]["p50_ms"]), col(lambda x: x[k]["p99_ms"]),
                     col(lambda x: x[k]["p99_ms"] / x["wrk"]["p99_ms"])])
    rows.append(["wrk", b.spread([x["wrk"]["rate"] for x in runs]), "1", "", b.spread([x["wrk"]["p99_ms"] for x in runs]),
                 "1"])
    b.table(["client (warm JVM)", "req/s", "rate / wrk", "p50 ms", "p99 ms", "p99 / wrk"], rows)


if __name__ == "__main__":
    main()
