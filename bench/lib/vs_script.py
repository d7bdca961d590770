"""Harness 5: CPU time and peak RSS of the whole --quick preset, llmbench beside the Python script it replaces
(issue 9, item 8), against nginx answering at once.

Each repetition runs bench/unified_benchmark.py (the seed script, re-indented) with the real interpreter and then
the llmbench CLI in a fresh JVM with default JVM options, both with --quick against the same nginx, each as a child
reaped with wait4 (exact user+sys CPU and peak RSS). Prints both and the ratios llmbench/script, also per request
sent (SCALING stops at the first SATURATED step, so the two may send different numbers of requests against a
server this fast). Goals: llmbench CPU <= the script's; llmbench RSS < 128 MB by default.
"""
import argparse
import json
import sys
import tempfile
from pathlib import Path

import benchlib as b


def requests_sent(out_dir):
    f = next(Path(out_dir).glob("benchmark_*[0-9].json"))
    return sum(s["num_requests"] for s in json.loads(f.read_text())["results"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    py = sys.executable  # the interpreter itself, not a pyenv shim, so only the script's own cost is counted
    b.header("CPU and memory of --quick: llmbench beside the Python script (bench/vs-script.sh)")
    nginx = b.Nginx()
    work = Path(tempfile.mkdtemp(prefix="bench-vs-script-"))
    print(f"nginx {nginx.base_url}; {py} (Python {sys.version.split()[0]}); logs in {work}")
    rows = []
    try:
        for rep in range(1, args.repeat + 1):
            sdir, ldir = work / f"script-{rep}", work / f"llmbench-{rep}"
            sdir.mkdir()
            s = b.watch([py, str(b.BENCH_DIR / "unified_benchmark.py"), "--base-url", nginx.base_url, "--model",
                         b.MODEL, "--quick"], timeout=600, cwd=sdir, stdout_path=work / f"script-{rep}.log")
            l = b.watch(b.cli("--base-url", nginx.base_url, "--model", b.MODEL, "--quick",
                              "--output-dir", str(ldir)), timeout=600, stdout_path=work / f"llmbench-{rep}.log")
            if s["rc"] != 0 or l["rc"] != 0:
                raise SystemExit(f"exit codes: script {s['rc']}, llmbench {l['rc']}; see {work}")
            s["n"], l["n"] = requests_sent(sdir / "results"), requests_sent(ldir)
            rows.append((s, l))
            print(f"rep {rep}: script CPU {s['cpu_s']:.2f} s (user {s['user_s']:.2f} sys {s['sys_s']:.2f}), RSS "
                  f"{s['maxrss_mb']:.0f} MB, wall {s['wall_s']:.1f} s, {s['n']} requests | llmbench CPU {l['cpu_s']:.2f} s "
                  f"(user {l['user_s']:.2f} sys {l['sys_s']:.2f}), RSS {l['maxrss_mb']:.0f} MB, wall {l['wall_s']:.1f} s, "
                  f"{l['n']} requests", flush=True)
    finally:
        nginx.stop()
    print()
    col = lambda f: b.spread([f(s, l) for s, l in rows])
    b.table(["figure", "Python script", "llmbench", "ratio llmbench/script", "goal"], [
        ["CPU user+sys, s", col(lambda s, l: s["cpu_s"]), col(lambda s, l: l["cpu_s"]),
         col(lambda s, l: l["cpu_s"] / s["cpu_s"]), "ratio <= 1"],
        ["CPU per request sent, ms", col(lambda s, l: s["cpu_s"] / s["n"] * 1e3),
         col(lambda s, l: l["cpu_s"] / l["n"] * 1e3),
         col(lambda s, l: (l["cpu_s"] / l["n"]) / (s["cpu_s"] / s["n"])), "-"],
        ["peak RSS, MB", col(lambda s, l: s["maxrss_mb"]), col(lambda s, l: l["maxrss_mb"]),
         col(lambda s, l: l["maxrss_mb"] / s["maxrss_mb"]), "llmbench < 128"],
        ["requests sent", col(lambda s, l: s["n"]), col(lambda s, l: l["n"]), "", ""],
        ["wall time, s", col(lambda s, l: s["wall_s"]), col(lambda s, l: l["wall_s"]),
         col(lambda s, l: l["wall_s"] / s["wall_s"]), "-"],
    ])


if __name__ == "__main__":
    main()
