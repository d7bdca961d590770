"""Harness 8 (issue 18, item 9): the unified --quick preset against a real server no one here wrote, beside the seed
script on the same server.

The server is Hugging Face's `transformers serve` (FastAPI on uvicorn, the HTTP stack of vLLM's server, with its 5 s
keep-alive), on the CPU, with a tiny random-weight Llama and a tokenizer trained on this machine's own text (no hub
can be reached). Its quirks are real: GET /v1/models lists the hub cache, streams end without [DONE], unknown fields
get a 422, idle keep-alive connections are closed without a word.

Setup (once, cached in $LLMBENCH_BENCH_CACHE, default ~/.cache/llmbench-bench): a Python venv with the CPU build of
torch and transformers[serving] from the configured package index, then the model (build_tiny_llama.py).

Each repetition, for the server without and with --continuous-batching: a fresh server, the seed script --quick,
then llmbench --quick (bin/llmbench, default transport), then llmbench --quick --transport okhttp. Prints every step's
successful/num_requests for each, and the failure causes of llmbench's.
Goal: the --quick preset succeeds wherever the seed script succeeds.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import benchlib as b

CACHE = Path(os.environ.get("LLMBENCH_BENCH_CACHE", Path.home() / ".cache" / "llmbench-bench"))
VENV = CACHE / "realserver-venv"
MODEL_DIR = CACHE / "tiny-llama"
TORCH = "torch==2.13.0+cpu"
TRANSFORMERS = "transformers[serving]==5.18.0"
LAUNCHER = str(b.REPO / "bin" / "llmbench")


def setup():
    py = VENV / "bin" / "python"
    if not (VENV / "ready").exists():
        print(f"bench: making {VENV} ({TORCH}, {TRANSFORMERS}); once, a few minutes", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        env = dict(os.environ)
        # The machine's own index first: the public one may be out of reach, and each miss costs retries.
        for local, key in (("/opt/pypi/simple", "PIP_INDEX_URL"), ("/opt/pypi-more/simple", "PIP_EXTRA_INDEX_URL")):
            if Path(local).is_dir() and key not in env:
                env[key] = "file://" + local
        subprocess.run([str(py), "-m", "pip", "install", "-q", TORCH, TRANSFORMERS, "requests"], check=True, env=env)
        (VENV / "ready").write_text("ok\n")
    if not (MODEL_DIR / "config.json").exists():
        print(f"bench: building the tiny model in {MODEL_DIR}", flush=True)
        subprocess.run([str(py), str(b.BENCH_DIR / "lib" / "build_tiny_llama.py")], check=True,
                       env=dict(os.environ, WORK=str(CACHE)))
    return py


class Server:
    """`transformers serve` on loopback, with an empty hub cache (so GET /v1/models answers 200 with [])."""

    def __init__(self, py, work, batching):
        self.port = b.free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        hub = work / "hfcache"
        hub.mkdir(exist_ok=True)
        args = [str(py.parent / "transformers"), "serve", str(MODEL_DIR), "--host", "127.0.0.1", "--port",
                str(self.port), "--device", "cpu"]
        if batching:
            args.append("--continuous-batching")
        self.log = open(work / f"server-{'cb' if batching else 'plain'}-{time.time_ns()}.log", "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=dict(os.environ, HF_HUB_CACHE=str(hub), HF_HUB_OFFLINE="1"),
                                     start_new_session=True)
        deadline = time.monotonic() + 300
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"transformers serve exited {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base_url + "/v1/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"transformers serve did not answer in 300 s; see {self.log.name}")
                time.sleep(1)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def steps(result_file):
    out = {}
    for s in json.loads(Path(result_file).read_text())["results"]:
        out[s["test_name"]] = (s["successful"], s["num_requests"], s.get("failures") or {})
    return out


def run_one(py, work, batching, rep):
    tag = f"{'cb' if batching else 'plain'}-{rep}"
    server = Server(py, work, batching)
    results = {}
    try:
        sdir = work / f"seed-{tag}"
        sdir.mkdir()
        w = b.watch([sys.executable, str(b.BENCH_DIR / "unified_benchmark.py"), "--base-url", server.base_url,
                     "--model", str(MODEL_DIR), "--quick"], 3600, cwd=sdir, stdout_path=work / f"seed-{tag}.log")
        results["seed"] = steps(next((sdir / "results").glob("benchmark_*.json"))) if w["rc"] == 0 else {}
        for name, extra in (("netty", []), ("okhttp", ["--transport", "okhttp"])):
            out = work / f"{name}-{tag}"
            w = b.watch([LAUNCHER, "--base-url", server.base_url, "--model", str(MODEL_DIR), "--quick",
                         "--output-dir", str(out), *extra], 3600, stdout_path=work / f"{name}-{tag}.log")
            found = list(out.glob("benchmark_*[0-9].json"))
            results[name] = steps(found[0]) if found else {}
            if w["rc"] not in (0, 3):
                print(f"llmbench ({name}) exited {w['rc']}; see {work / f'{name}-{tag}.log'}", flush=True)
    finally:
        server.stop()
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--mode", choices=["plain", "batching", "both"], default="both")
    args = ap.parse_args()
    b.header("the unified --quick preset against transformers serve, beside the seed script (bench/realserver.sh)")
    py = setup()
    work = Path(tempfile.mkdtemp(prefix="bench-realserver-"))
    print(f"logs and results in {work}; model {MODEL_DIR}")
    modes = [False, True] if args.mode == "both" else [args.mode == "batching"]
    for batching in modes:
        label = "--continuous-batching" if batching else "one request at a time"
        print(f"\n### transformers serve, {label}")
        reps = [run_one(py, work, batching, rep) for rep in range(1, args.repeat + 1)]
        names = list(reps[0]["seed"]) or list(reps[0]["netty"])
        rows, misses = [], 0
        for step in names:
            row = [step]
            for who in ("seed", "netty", "okhttp"):
                cells = [f"{r[who][step][0]}/{r[who][step][1]}" if step in r[who] else "-" for r in reps]
                row.append(" ".join(cells))
            causes = {}
            for r in reps:
                for cause, n in (r["netty"].get(step, (0, 0, {}))[2]).items():
                    causes[cause] = causes.get(cause, 0) + n
            row.append(", ".join(f"{c} {n}" for c, n in sorted(causes.items())) or "-")
            for r in reps:
                seed_ok = step in r["seed"] and r["seed"][step][0] == r["seed"][step][1]
                ours_ok = step in r["netty"] and r["netty"][step][0] == r["netty"][step][1]
                if seed_ok and not ours_ok:
                    misses += 1
            rows.append(row)
        b.table(["step", "seed ok/n", "llmbench ok/n", "llmbench okhttp ok/n", "llmbench failures"], rows)
        print(f"goal: llmbench succeeds wherever the seed script does -> steps where the seed succeeded in full and "
              f"llmbench did not: {misses}")


if __name__ == "__main__":
    main()
