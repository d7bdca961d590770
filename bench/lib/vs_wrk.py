"""Harness 1: llmbench beside wrk against nginx answering at once, at c = 1, 100 and 500 (issue 9, item 8).

Per repetition and concurrency, in the same minute: wrk (-c C -t 2 -d DURATION --latency -s post.lua), then
llmbench in a fresh JVM: a warm-up run of max(2000, 20*C) requests at the same concurrency, which also sizes the
measured closed-loop step to about DURATION seconds at the rate it reached. Prints request rate and p99 of each,
and the ratios llmbench/wrk; median [min..max] over the repetitions.
"""
import argparse
import re
import subprocess
import tempfile
from pathlib import Path

import benchlib as b

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def wrk(url, c, duration):
    threads = min(2, c)  # wrk needs at least one connection per thread
    cmd = ["wrk", "-c", str(c), "-t", str(threads), "-d", f"{duration}s", "--latency", "-s",
           str(b.BENCH_DIR / "post.lua"), url + "/v1/chat/completions"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p99_ms": float(p99.group(1)) * UNIT[p99.group(2)],
            "errors": (errors.group(1) if errors else "") + (f" non-2xx {non2xx.group(1)}" if non2xx else "")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run and per measured llmbench step")
    ap.add_argument("--concurrency", default="1,100,500")
    args = ap.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    b.header("llmbench beside wrk (bench/vs-wrk.sh)")
    nginx = b.Nginx()
    work = Path(tempfile.mkdtemp(prefix="bench-vs-wrk-"))
    print(f"nginx {nginx.base_url} (workers: {b.os.environ.get('NGINX_WORKERS', 'auto')}); logs in {work}")
    runs = {c: [] for c in levels}
    try:
        for rep in range(1, args.repeat + 1):
            for c in levels:
                w = wrk(nginx.base_url, c, args.duration)
                warm = max(2000, 20 * c)
                _, res = b.run_step_main(["--base-url", nginx.base_url, "--concurrency", str(c),
                                          "--warmup-requests", str(warm), "--duration-sec", str(args.duration)],
                                         timeout=args.duration * 12 + 120, out_log=work / f"llmbench-c{c}-{rep}.log")
                m, cold = res["measured"], res["warmup"]
                runs[c].append({"wrk": w, "llm": m, "cold": cold})
                print(f"rep {rep} c={c}: wrk {w['rate']:.0f}/s p99 {w['p99_ms']:.2f} ms {w['errors']}| llmbench "
                      f"{m['rate']:.0f}/s p99 {m['p99_ms']:.2f} ms (n={m['n']:.0f}, failed {m['failed']:.0f}"
                      f"{', ' + m['failures'] if 'failures' in m else ''}); its warm-up run: {cold['rate']:.0f}/s "
                      f"p99 {cold['p99_ms']:.2f} ms", flush=True)
    finally:
        nginx.stop()
    print()
    rows = []
    for c in levels:
        r = runs[c]
        rows.append([c, b.spread([x["wrk"]["rate"] for x in r]), b.spread([x["llm"]["rate"] for x in r]),
                     b.spread([x["llm"]["rate"] / x["wrk"]["rate"] for x in r]),
                     b.spread([x["wrk"]["p99_ms"] for x in r]), b.spread([x["llm"]["p99_ms"] for x in r]),
                     b.spread([x["llm"]["p99_ms"] / x["wrk"]["p99_ms"] for x in r]),
                     b.spread([x["cold"]["p99_ms"] for x in r])])
    b.table(["c", "wrk req/s", "llmbench req/s", "rate ratio llmbench/wrk", "wrk p99 ms", "llmbench p99 ms",
             "p99 ratio llmbench/wrk", "llmbench warm-up run p99 ms"], rows)
    if 500 in runs:
        ratio = b.med([x["llm"]["p99_ms"] / x["wrk"]["p99_ms"] for x in runs[500]])
        print(f"\ngoal: p99 ratio llmbench/wrk at c=500 <= 3 -> {b.fmt(ratio)} "
              f"({'met' if ratio <= 3 else 'NOT met'}); median [min..max] of {args.repeat} repetitions")


if __name__ == "__main__":
    main()
