"""Harness 4: llmbench's streamed TTFT and end-to-end against the vLLM-like simulator's own timestamps (issue 9,
item 7).

For every concurrency and repetition: a fresh simulator JVM (SimulatorTraceMain: the in-repo SimulatedLlmServer,
continuous batching, time scale 1.0 by default) and a fresh llmbench JVM running one closed-loop streamed step
(StepMain --stream; the unified SCALING request shape, max_tokens 32). The simulator's RequestTrace gives, per
request, arrival (request read), first token and finish on its own clock. Prints llmbench's reported p99 (its
step statistics) minus the server's p99 (same requests; linear-interpolated percentile of firstToken - arrival and
finish - arrival), for TTFT and end-to-end. Goal: within 5 ms, from a fresh JVM.
"""
import argparse
import tempfile
from pathlib import Path

import benchlib as b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--concurrency", default="1,16,64")
    ap.add_argument("--waves", type=int, default=5, help="requests per step = waves * concurrency (at least 20)")
    ap.add_argument("--max-tokens", type=int, default=32)
    ap.add_argument("--time-scale", type=float, default=1.0)
    args = ap.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    b.header("streamed accuracy against the vLLM-like simulator, fresh JVMs (bench/accuracy.sh)")
    work = Path(tempfile.mkdtemp(prefix="bench-accuracy-"))
    print(f"logs in {work}; simulator time scale {args.time_scale:g}, max_tokens {args.max_tokens}")
    runs = {c: [] for c in levels}
    for rep in range(1, args.repeat + 1):
        for c in levels:
            n = max(20, args.waves * c)
            trace = work / f"sim-c{c}-{rep}.csv"
            sim = b.JavaServer("io.github.llmbench.core.bench.SimulatorTraceMain",
                               ["--trace", str(trace), "--time-scale", str(args.time_scale)])
            try:
                _, res = b.run_step_main(["--base-url", sim.base_url, "--model", "llmbench/simulated-llm", "--concurrency", str(c),
                                          "--requests", str(n), "--stream", "--max-tokens", str(args.max_tokens),
                                          "--out", str(work / f"client-c{c}-{rep}.csv")], timeout=600,
                                         out_log=work / f"llmbench-c{c}-{rep}.log")
            finally:
                sim.stop()
            m = res["measured"]
            every = sorted(b.read_csv(trace), key=lambda r: int(r["arrival_ns"]))
            # The step's requests are the last n the server saw: a pre-flight request, if any, came before them.
            t = [r for r in every[-n:] if r["stream"] == "true" and int(r["status"]) == 200]
            s_ttft = [(int(r["first_ns"]) - int(r["arrival_ns"])) / 1e6 for r in t]
            s_e2e = [(int(r["end_ns"]) - int(r["arrival_ns"])) / 1e6 for r in t]
            cli = [r for r in b.read_csv(work / f"client-c{c}-{rep}.csv") if int(r["ttft_ns"]) >= 0]
            c_ttft = [int(r["ttft_ns"]) / 1e6 for r in cli]
            c_e2e = [int(r["e2e_ns"]) / 1e6 for r in cli]
            x = {"ttft_p99": m["ttft_p99_ms"] - b.percentile(s_ttft, 99),
                 "e2e_p99": m["e2e_p99_ms"] - b.percentile(s_e2e, 99),
                 "ttft_p50": m["ttft_p50_ms"] - b.percentile(s_ttft, 50),
                 "raw_ttft_p99": b.percentile(c_ttft, 99) - b.percentile(s_ttft, 99),
                 "raw_e2e_p99": b.percentile(c_e2e, 99) - b.percentile(s_e2e, 99),
                 "server_ttft_p99": b.percentile(s_ttft, 99), "server_e2e_p99": b.percentile(s_e2e, 99)}
            runs[c].append(x)
            print(f"rep {rep} c={c} n={n}: server TTFT p99 {x['server_ttft_p99']:.1f} ms e2e p99 "
                  f"{x['server_e2e_p99']:.1f} ms ({len(t)} traced, {len(every) - n} more before the step); llmbench - server: TTFT p99 {x['ttft_p99']:+.1f} "
                  f"e2e p99 {x['e2e_p99']:+.1f} TTFT p50 {x['ttft_p50']:+.1f} ms (ok {m['ok']:.0f}/{m['n']:.0f})",
                  flush=True)
    print()
    rows = []
    for c in levels:
        col = lambda k: b.spread([r[k] for r in runs[c]])
        rows.append([c, col("server_ttft_p99"), col("ttft_p99"), col("raw_ttft_p99"), col("server_e2e_p99"),
                     col("e2e_p99"), col("raw_e2e_p99"), col("ttft_p50")])
    b.table(["c", "server TTFT p99 ms", "llmbench - server TTFT p99 ms", "(from raw samples)", "server e2e p99 ms",
             "llmbench - server e2e p99 ms", "(from raw samples)", "llmbench - server TTFT p50 ms"], rows)
    worst = max(max(abs(r["ttft_p99"]), abs(r["e2e_p99"])) for c in levels for r in runs[c])
    print(f"\ngoal: TTFT and e2e p99 within 5 ms of the server's -> worst |difference| over all runs {b.fmt(worst)} ms "
          f"({'met' if worst <= 5 else 'NOT met'}); llmbench figures are its reported step statistics (HdrHistogram), "
          f"'from raw samples' uses its per-request values with the server's percentile rule")


if __name__ == "__main__":
    main()
