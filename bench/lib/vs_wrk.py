"""Harness 1: llmbench beside wrk against nginx answering at once, at c = 1, 100 and 500 (issue 9, item 8).

Per repetition and concurrency, in the same minute:
  1. wrk -c C -t 2 -d DURATION --latency -s post.lua (-t 1 at c=1: wrk needs a connection per thread);
  2. llmbench "warm": a fresh JVM runs max(2000, 20*C) requests at concurrency C, then, in the same JVM, one
     closed-loop step sized to about DURATION seconds at the rate that run reached (steady state, JIT warm);
  3. llmbench "fresh": a fresh JVM runs one closed-loop step of the same size and nothing else, as a user's run
     does; this is the headline figure (issue 9 item 1: none of llmbench's start-up in any figure).
Prints request rate and p99 of each and the ratios llmbench/wrk, and the CPU each client spent per request (wrk:
its user+system time from wait4 over its requests; llmbench: its warm step's own CPU figure, the process's CPU
over the step's window); median [min..max] over the repetitions.
"""
import argparse
import os
import re
import resource
import subprocess
import tempfile
from pathlib import Path

import benchlib as b

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


# The llmbench JVM's options, as the launcher's (JAVA_OPTS), so the library harness runs what a user runs.
JVM_OPTS = os.environ.get("JAVA_OPTS", "").split()


def wrk(url, c, duration):
    threads = min(2, c)  # wrk needs at least one connection per thread
    cmd = ["wrk", "-c", str(c), "-t", str(threads), "-d", f"{duration}s", "--latency", "-s",
           str(b.BENCH_DIR / "post.lua"), url + "/v1/chat/completions"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p99_ms": float(p99.group(1)) * UNIT[p99.group(2)], "cpu_us": cpu_s * 1e6 / requests,
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
                warm_n = max(2000, 20 * c)
                _, res = b.run_step_main(["--base-url", nginx.base_url, "--concurrency", str(c),
                                          "--warmup-requests", str(warm_n), "--duration-sec", str(args.duration)],
                                         timeout=args.duration * 12 + 120, out_log=work / f"warm-c{c}-{rep}.log",
                                         jvm_args=JVM_OPTS)
                warm = res["measured"]
                _, res = b.run_step_main(["--base-url", nginx.base_url, "--concurrency", str(c), "--requests",
                                          str(int(warm["n"]))], timeout=args.duration * 20 + 120, jvm_args=JVM_OPTS,
                                         out_log=work / f"fresh-c{c}-{rep}.log")
                fresh = res["measured"]
                runs[c].append({"wrk": w, "llm": fresh, "warm": warm})
                print(f"rep {rep} c={c}: wrk {w['rate']:.0f}/s p99 {w['p99_ms']:.2f} ms {w['errors']}| llmbench fresh "
                      f"JVM {fresh['rate']:.0f}/s p99 {fresh['p99_ms']:.2f} ms (n={fresh['n']:.0f}, failed "
                      f"{fresh['failed']:.0f}{', ' + fresh['failures'] if 'failures' in fresh else ''}) | after a "
                      f"warm-up run {warm['rate']:.0f}/s p99 {warm['p99_ms']:.2f} ms (failed {warm['failed']:.0f}); CPU "
                      f"per request wrk {w['cpu_us']:.1f} us, llmbench warm {warm.get('client_cpu_us_per_req', 0):.1f} us",
                      flush=True)
    finally:
        nginx.stop()
    print()
    rows = []
    for c in levels:
        r = runs[c]
        col = lambda f: b.spread([f(x) for x in r])
        rows.append([c, col(lambda x: x["wrk"]["rate"]), col(lambda x: x["llm"]["rate"]),
                     col(lambda x: x["llm"]["rate"] / x["wrk"]["rate"]), col(lambda x: x["wrk"]["p99_ms"]),
                     col(lambda x: x["llm"]["p99_ms"]), col(lambda x: x["llm"]["p99_ms"] / x["wrk"]["p99_ms"]),
                     col(lambda x: x["warm"]["rate"] / x["wrk"]["rate"]), col(lambda x: x["warm"]["p99_ms"]),
                     col(lambda x: x["warm"]["p99_ms"] / x["wrk"]["p99_ms"]), col(lambda x: x["wrk"]["cpu_us"]),
                     col(lambda x: x["warm"].get("client_cpu_us_per_req", float("nan")))])
    b.table(["c", "wrk req/s", "llmbench req/s", "rate ratio llmbench/wrk", "wrk p99 ms", "llmbench p99 ms",
             "p99 ratio llmbench/wrk", "warm: rate ratio", "warm: llmbench p99 ms", "warm: p99 ratio", "wrk CPU us/req",
             "warm: llmbench CPU us/req"], rows)
    print("llmbench = one step in a fresh JVM (the headline); warm = the same step after a warm-up run in its JVM")
    if 500 in runs:
        ratio = b.med([x["llm"]["p99_ms"] / x["wrk"]["p99_ms"] for x in runs[500]])
        warm = b.med([x["warm"]["p99_ms"] / x["wrk"]["p99_ms"] for x in runs[500]])
        print(f"goal (issue 18): p99 ratio llmbench/wrk at c=500 <= 1.5 -> {b.fmt(ratio)} fresh JVM "
              f"({'met' if ratio <= 1.5 else 'NOT met'}), {b.fmt(warm)} after a warm-up run; median of "
              f"{args.repeat} repetitions")
        cpu = b.med([x["warm"].get("client_cpu_us_per_req", float("nan")) for x in runs[500]])
        print(f"goal (issue 18): client CPU per request in steady state <= 15 us -> {b.fmt(cpu)} us at c=500 "
              f"(wrk: {b.fmt(b.med([x['wrk']['cpu_us'] for x in runs[500]]))} us)")

if __name__ == "__main__":
    main()
