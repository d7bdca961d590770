"""Harness 3: 10,000 concurrent streams in one llmbench JVM (issue 9, item 3).

LoopbackLlmServer (NIO: one acceptor, selector threads, one scheduler; no thread per connection) accepts every
connection and, HOLD ms after it has read a request, streams vLLM-shaped SSE: a role chunk with the first content
chunk, more content chunks a fixed gap apart, a finish chunk, a usage chunk, data: [DONE]. It records on its own
clock (System.nanoTime, CLOCK_MONOTONIC) when each request arrived and when its first content chunk was written.
llmbench runs one closed-loop streamed step of concurrency C and C requests in a fresh JVM (StepMain; every body
carries "user": "<step>#<index>", so client and server records pair up request by request).

Reports: peak RSS (wait4 ru_maxrss / VmHWM) and peak thread count of the llmbench JVM (sampled from
/proc/<pid>/status every 50 ms), its CPU time, the start spread (first to last request leaving, from llmbench's
per-request start offsets, and first to last arrival at the server), and the TTFT error = llmbench's TTFT minus
the server's (first chunk written - request read), per request (p50, p99) and as a difference of percentiles.
Goals (issue 18): all on the wire within 1 s; TTFT added <= 2 ms p50, <= 10 ms p99; RSS <= 512 MB; <= 64 threads;
on Java 17 and 25 (JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/streams-10k.sh).
"""
import argparse
import os
import tempfile
from pathlib import Path

import benchlib as b
import pcap
from wire import Capture


def listen_overflows():
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            d = dict(zip(names.split()[1:], values.split()[1:]))
            return int(d.get("ListenOverflows", 0)) + int(d.get("ListenDrops", 0))
    return 0


def server_cpu_s(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(args, work, rep, client, jvm_opts):
    trace = work / f"server-{client}-{rep}.csv"
    server = b.loopback_server(trace, args.hold_ms, args.chunks, args.chunk_gap_ms, selectors=2)
    overflows = listen_overflows()
    client_csv = work / f"{client}-{rep}.csv"
    capture = Capture(server.port, work / f"{client}-{rep}.pcap") if args.wire else None
    try:
        if client == "probe":
            w, res = b.run_step_main(["--port", str(server.port), "--streams", str(args.streams), "--out",
                                      str(client_csv)], timeout=args.timeout, out_log=work / f"probe-{rep}.log",
                                     main_class="io.github.llmbench.core.bench.StreamProbe", java=b.SERVER_JAVA)
        else:
            w, res = b.run_step_main(["--base-url", server.base_url, "--concurrency", str(args.streams),
                                      "--requests", str(args.streams), "--stream", "--tag", "--max-tokens",
                                      str(args.chunks), "--out", str(client_csv)], timeout=args.timeout,
                                     out_log=work / f"llmbench-{rep}.log", jvm_args=jvm_opts)
        srv_cpu = server_cpu_s(server.proc.pid)
    finally:
        dropped = capture.stop() if capture else 0
        server.stop()
    overflows = listen_overflows() - overflows
    m = res["measured"]
    cli = b.read_csv(client_csv)
    keys = {r["key"] for r in cli}
    every = b.read_csv(trace)
    # Only the step's own requests: a pre-flight or warm-up request (another key) is no part of the step's spread.
    srv = {r["key"]: r for r in every if r["key"] in keys}
    summary = dict(l.split("=") for l in Path(str(trace) + ".summary").read_text().split())
    starts = [int(r["start_offset_ns"]) / 1e6 for r in cli]
    arrivals = sorted(int(r["arrival_ns"]) for r in srv.values())
    arrival_spread = (arrivals[-1] - arrivals[0]) / 1e6
    within_1s = sum(1 for a in arrivals if a - arrivals[0] <= 1e9) / len(arrivals)
    server_ttft = [(int(r["first_ns"]) - int(r["arrival_ns"])) / 1e6 for r in srv.values() if int(r["first_ns"])]
    client_ttft = [int(r["ttft_ns"]) / 1e6 for r in cli if int(r["ttft_ns"]) >= 0]
    errors = [int(c["ttft_ns"]) / 1e6 - (int(srv[c["key"]]["first_ns"]) - int(srv[c["key"]]["arrival_ns"])) / 1e6
              for c in cli if int(c["ttft_ns"]) >= 0 and c["key"] in srv and int(srv[c["key"]]["first_ns"])]
    wire_err, wire_spread, wire_1s = [], None, None
    if capture:
        wire = {e.user: e for e in pcap.exchanges(capture.path, server.port) if e.user in keys}
        wire_err = [int(c["ttft_ns"]) / 1e6 - wire[c["key"]].ttft_ms for c in cli
                    if int(c["ttft_ns"]) >= 0 and c["key"] in wire and wire[c["key"]].ttft_ms is not None]
        sent = sorted(e.first_request_ns for e in wire.values())
        wire_spread = (sent[-1] - sent[0]) / 1e6
        wire_1s = sum(1 for t in sent if t - sent[0] <= 1e9) / len(sent) * 100
    row = {"rss": w["maxrss_mb"], "threads": w["peak_threads"], "cpu": w["cpu_s"], "wall": w["wall_s"],
           "ok": m["ok"], "failed": m["failed"], "start_spread": max(starts) - min(starts),
           "arrival_spread": arrival_spread, "within_1s": within_1s * 100,
           "max_holding": int(summary["max_holding"]),
           "err_p50": b.percentile(errors, 50), "err_p99": b.percentile(errors, 99),
           "diff_p50": b.percentile(client_ttft, 50) - b.percentile(server_ttft, 50),
           "diff_p99": b.percentile(client_ttft, 99) - b.percentile(server_ttft, 99),
           "reported_diff_p50": m["ttft_p50_ms"] - b.percentile(server_ttft, 50) if "ttft_p50_ms" in m else None,
           "server_late_p99": b.percentile(server_ttft, 99) - args.hold_ms, "server_cpu": srv_cpu,
           "overflows": overflows, "wire_p50": b.percentile(wire_err, 50) if wire_err else None,
           "wire_p99": b.percentile(wire_err, 99) if wire_err else None, "wire_spread": wire_spread,
           "wire_1s": wire_1s, "wire_paired": len(wire_err), "dropped": dropped}
    print(f"rep {rep} {client}: ok {m['ok']:.0f} failed {m['failed']:.0f}{' ' + m['failures'] if 'failures' in m else ''}; "
          f"peak RSS {row['rss']:.0f} MB, peak threads {row['threads']}, CPU {row['cpu']:.1f} s, wall "
          f"{row['wall']:.1f} s; start spread {row['start_spread']:.0f} ms (server arrivals {arrival_spread:.0f} "
          f"ms, {row['within_1s']:.1f} % within 1 s, at most {row['max_holding']} held at once); TTFT error p50 "
          f"{row['err_p50']:.1f} ms p99 {row['err_p99']:.1f} ms ({len(errors)} paired); server CPU {srv_cpu:.1f} s, "
          f"its lateness p99 {row['server_late_p99']:.1f} ms; listen-queue overflows {overflows}; requests at the "
          f"server outside the step {len(every) - len(srv)}; over the wire: TTFT added p50 {b.fmt(row['wire_p50'])} ms "
          f"p99 {b.fmt(row['wire_p99'])} ms ({row['wire_paired']} paired, {dropped} packets dropped by the capture), "
          f"requests on the wire within {b.fmt(wire_spread)} ms", flush=True)
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--streams", type=int, default=10_000)
    ap.add_argument("--hold-ms", type=float, default=1000.0, help="server delay before the first chunk")
    ap.add_argument("--chunks", type=int, default=4)
    ap.add_argument("--chunk-gap-ms", type=float, default=20.0)
    ap.add_argument("--timeout", type=int, default=300, help="seconds before the llmbench JVM is killed")
    ap.add_argument("--no-wire", dest="wire", action="store_false", help="no packet capture (tcpdump)")
    args = ap.parse_args()
    jvm_opts = os.environ.get("JAVA_OPTS", "").split()
    b.header(f"{args.streams} concurrent streams (bench/streams-10k.sh)")
    print(f"llmbench JVM options: {' '.join(jvm_opts) or '(none)'}; ulimit -n {os.sysconf('SC_OPEN_MAX')}; server "
          f"first chunk {args.hold_ms:g} ms after the request, then {args.chunks - 1} more {args.chunk_gap_ms:g} ms apart")
    work = Path(tempfile.mkdtemp(prefix="bench-streams-"))
    print(f"logs in {work}")
    rows, probes = [], []
    for rep in range(1, args.repeat + 1):
        # The yardstick first: the least a client can do (StreamProbe: one thread, one selector), same server.
        probes.append(measure(args, work, rep, "probe", []))
        rows.append(measure(args, work, rep, "llmbench", jvm_opts))
    print()
    col = lambda k: b.spread([r[k] for r in rows])
    pcol = lambda k: b.spread([r[k] for r in probes])
    b.table(["figure", f"llmbench, median [min..max] of {args.repeat}", "yardstick: StreamProbe", "goal"], [
        ["peak RSS of the client JVM, MB", col("rss"), pcol("rss"), "<= 512"],
        ["peak threads of the client JVM", col("threads"), pcol("threads"), "<= 64"],
        ["CPU time (user+sys) of the client JVM, s", col("cpu"), pcol("cpu"), "-"],
        ["start spread, client start offsets (first to last), ms", col("start_spread"), pcol("start_spread"),
         "<= 1000"],
        ["start spread, server arrivals (first to last), ms", col("arrival_spread"), pcol("arrival_spread"),
         "<= 1000"],
        ["requests at the server within 1 s of the first, %", col("within_1s"), pcol("within_1s"), "100"],
        ["most requests held at the server at once", col("max_holding"), pcol("max_holding"), str(args.streams)],
        ["requests on the wire, first to last, ms", col("wire_spread"), pcol("wire_spread"), "<= 1000"],
        ["requests on the wire within 1 s of the first, %", col("wire_1s"), pcol("wire_1s"), "100"],
        ["TTFT added over the wire per request p50, ms", col("wire_p50"), pcol("wire_p50"), "<= 2"],
        ["TTFT added over the wire per request p99, ms", col("wire_p99"), pcol("wire_p99"), "<= 10"],
        ["TTFT error per request (client - server's clock) p50, ms", col("err_p50"), pcol("err_p50"), "-"],
        ["TTFT error per request (client - server's clock) p99, ms", col("err_p99"), pcol("err_p99"), "-"],
        ["client TTFT p50 - server TTFT p50, ms", col("diff_p50"), pcol("diff_p50"), "-"],
        ["  (llmbench's reported TTFT p50 - server p50), ms", col("reported_diff_p50"), "", ""],
        ["client TTFT p99 - server TTFT p99, ms", col("diff_p99"), pcol("diff_p99"), "-"],
        ["server: its lateness, TTFT p99 - hold, ms", col("server_late_p99"), pcol("server_late_p99"),
         "(server check)"],
        ["server: CPU time, s", col("server_cpu"), pcol("server_cpu"), "(server check)"],
        ["listen-queue overflows during the run", col("overflows"), pcol("overflows"), "0"],
        ["successful streams", col("ok"), pcol("ok"), str(args.streams)],
    ])

if __name__ == "__main__":
    main()
