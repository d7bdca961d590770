"""Shared pieces of the bench/ harnesses: processes, nginx, resource watching, statistics, tables.

Everything runs on 127.0.0.1. Every child process is started here, watched with a deadline and stopped by its own pid.
"""
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(os.environ.get("BENCH_DIR", Path(__file__).resolve().parent.parent))
REPO = Path(os.environ.get("REPO", BENCH_DIR.parent))
JAVA = os.environ.get("JAVA", "java")  # runs llmbench
SERVER_JAVA = os.environ.get("SERVER_JAVA", "java")  # runs the servers, whatever JAVA is, so the yardstick stays put
BENCH_CP = os.environ.get("BENCH_CP", "")
JAR = os.environ.get("LLMBENCH_JAR", "")
MODEL = "bench-model"
# Leading arguments of the CLI before its options, e.g. LLMBENCH_CLI_ARGS=run if the unified run becomes a subcommand.
CLI_ARGS = os.environ.get("LLMBENCH_CLI_ARGS", "").split()


# How the CLI is started: LLMBENCH_LAUNCHER=bin/llmbench runs the launcher (with its default JVM options, as a user
# types `llmbench ...`); unset, `$JAVA -jar $LLMBENCH_JAR`.
LAUNCHER = os.environ.get("LLMBENCH_LAUNCHER", "")


def cli(*options):
    """The command line of the llmbench CLI with these options."""
    if LAUNCHER:
        return [LAUNCHER, *CLI_ARGS, *options]
    return [JAVA, "-jar", JAR, *CLI_ARGS, *options]


# ---------------------------------------------------------------- statistics

def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default); the same rule on both sides of every diff."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(data) - 1)
    return data[f] + (k - f) * (data[c] - data[f])


def spread(values):
    """'median [min..max]' of repeated figures."""
    vals = [v for v in values if v is not None]
    if not vals:
        return "n/a"
    return f"{fmt(statistics.median(vals))} [{fmt(min(vals))}..{fmt(max(vals))}]"


def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v):
    if v is None:
        return "n/a"
    a = abs(v)
    if a >= 1000:
        return f"{v:.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 10:
        return f"{v:.2f}"
    return f"{v:.3f}"


def table(header, rows):
    """Prints a Markdown table (so it can be pasted into bench/README.md as is)."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    sys.stdout.flush()


# ---------------------------------------------------------------- processes

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=30.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class JavaServer:
    """A server main from the harness classes, in its own JVM; stopped with SIGTERM (which writes its trace)."""

    def __init__(self, main_class, args, java=None, jvm_args=()):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-server-"))
        port_file = self.dir / "port"
        self.log = open(self.dir / "server.log", "w")
        self.proc = subprocess.Popen([java or SERVER_JAVA, *jvm_args, "-cp", BENCH_CP, main_class, "--port-file",
                                      str(port_file), *args], stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{main_class} did not start; see {self.dir / 'server.log'}")
            time.sleep(0.05)
        self.port = int(port_file.read_text())
        self.base_url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def loopback_server(trace, hold_ms, chunks=4, chunk_gap_ms=10.0, selectors=1):
    return JavaServer("io.github.llmbench.core.bench.LoopbackLlmServer",
                      ["--hold-ms", str(hold_ms), "--chunks", str(chunks), "--chunk-gap-ms", str(chunk_gap_ms),
                       "--selectors", str(selectors), "--trace", str(trace)],
                      jvm_args=["-Xms512m", "-XX:+UseParallelGC"])


class Nginx:
    """nginx in the foreground (daemon off) on a loopback port, answering every POST under /v1/ at once with a
    fixed chat completion and GET /v1/models with a model list. Its own prefix, config and logs in a temp dir."""

    ANSWER = ('{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model",'
              '"choices":[{"index":0,"message":{"role":"assistant","content":"' + " ".join(["word"] * 100) +
              '","tool_calls":[]},"logprobs":null,"finish_reason":"length","stop_reason":null}],'
              '"usage":{"prompt_tokens":130,"total_tokens":230,"completion_tokens":100,'
              '"prompt_tokens_details":null}}')
    MODELS = ('{"object":"list","data":[{"id":"bench-model","object":"model","created":1700000000,'
              '"owned_by":"bench","root":"bench-model","parent":null,"max_model_len":32768}]}')

    def __init__(self, workers=None):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        workers = workers or os.environ.get("NGINX_WORKERS", "auto")
        d = self.dir
        conf = f"""
user root;
worker_processes {workers};
worker_rlimit_nofile 19000;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 16000; multi_accept on; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_max_body_size 64m;
  client_body_buffer_size 1m;
  server {{
    listen 127.0.0.1:{self.port} backlog=4096;
    # 'return' answers in the rewrite phase, so POST gets 200 (a static file location would answer 405).
    location = /v1/models {{ default_type application/json; return 200 '{self.MODELS}'; }}
    location /v1/ {{ default_type application/json; return 200 '{self.ANSWER}'; }}
  }}
}}
"""
        (d / "nginx.conf").write_text(conf)
        self.proc = subprocess.Popen(["nginx", "-p", str(d), "-c", str(d / "nginx.conf"), "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=open(d / "stderr.log", "w"))
        wait_for_port(self.port, proc=self.proc)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: the master stops its workers
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def watch(cmd, timeout, cwd=None, stdout_path=None, env=None):
    """Runs cmd as a child, samples /proc/<pid>/status every 50 ms (Threads, VmHWM) and reaps it with wait4, whose
    rusage gives its exact CPU time and peak RSS. Returns a dict; kills the child (by its pid) at the deadline."""
    out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    peak_threads = 0
    hwm_kb = 0
    killed = False
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("Threads:"):
                    peak_threads = max(peak_threads, int(line.split()[1]))
                elif line.startswith("VmHWM:"):
                    hwm_kb = max(hwm_kb, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        if time.monotonic() - start > timeout and not killed:
            print(f"bench: {cmd[0]} ran over {timeout} s; killing pid {proc.pid}", file=sys.stderr)
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    return {"rc": proc.returncode, "killed": killed, "wall_s": time.monotonic() - start,
            "user_s": ru.ru_utime, "sys_s": ru.ru_stime, "cpu_s": ru.ru_utime + ru.ru_stime,
            "maxrss_mb": max(ru.ru_maxrss, hwm_kb) / 1024.0, "peak_threads": peak_threads}


def run_step_main(args, timeout, out_log, jvm_args=(), java=None, main_class="io.github.llmbench.core.bench.StepMain",
                  key="run"):
    """Runs StepMain (or another main printing RESULT lines) in a fresh JVM under watch(); returns
    (watch dict, {RESULT field `key` (run=measured, ...): RESULT fields})."""
    w = watch([java or JAVA, *jvm_args, "-cp", BENCH_CP, main_class, *args], timeout, stdout_path=out_log)
    results = {}
    for line in Path(out_log).read_text().splitlines():
        if line.startswith("RESULT "):
            fields = dict(kv.split("=", 1) for kv in line.split()[1:])
            results[fields[key]] = {k: (float(v) if _is_number(v) else v) for k, v in fields.items()}
    failed = not results if key != "run" else "measured" not in results or results["measured"]["ok"] == 0
    if w["rc"] != 0 or failed:
        tail = "\n".join(Path(out_log).read_text().splitlines()[-15:])
        raise RuntimeError(f"StepMain failed (exit {w['rc']}); last lines of {out_log}:\n{tail}")
    return w, results


def _is_number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def java_version(java=None):
    r = subprocess.run([java or JAVA, "-version"], capture_output=True, text=True)
    return r.stderr.splitlines()[0] if r.stderr else "?"


def header(title):
    print(f"## {title}")
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; {os.cpu_count()} cores; "
          f"llmbench jar {os.path.relpath(JAR, REPO) if JAR else '?'}; {java_version()}; load average "
          f"{Path('/proc/loadavg').read_text().split()[0]} (the machine is shared: compare figures of the same run)")
    sys.stdout.flush()
