#!/usr/bin/env bash
# Runs the JShell quickstart non-interactively, as a user would, and checks its summary table: one row per step,
# every request successful, a status and figures in every row, no JShell error. Exits non-zero on any failure.
# Needs benchmark-cli/target/llmbench.jar (at the root: mvn -B -q -DskipTests package).
set -uo pipefail
cd "$(dirname "$0")/../.."

jar=benchmark-cli/target/llmbench.jar
script=examples/jshell/quickstart.jsh
if [[ ! -f "$jar" ]]; then
  echo "check-quickstart: $jar not found; build it first (mvn -B -q -DskipTests package)" >&2
  exit 1
fi
jshell=jshell
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jshell" ]]; then jshell="$JAVA_HOME/bin/jshell"; fi
if ! command -v "$jshell" >/dev/null 2>&1; then
  echo "check-quickstart: jshell not found (it ships with the JDK; set JAVA_HOME)" >&2
  exit 1
fi

out=$(timeout 180 "$jshell" --class-path "$jar" "$script" </dev/null 2>&1)
rc=$?
printf '%s\n' "$out"
if [[ $rc -ne 0 ]]; then
  echo "check-quickstart: jshell exited with $rc" >&2
  exit 1
fi

fail=0
# JShell reports a failed snippet ("Error:", "Exception java...", with "|  " in front when interactive) and
# carries on, so look for them.
if grep -Eq '^(\|  )?(Error:|Exception )' <<<"$out"; then
  echo "check-quickstart: the script hit an error (see above)" >&2
  fail=1
fi
grep -Eq '^step +conc +ok +status +p50 s +p99 s +wall tok/s$' <<<"$out" \
  || { echo "check-quickstart: table header missing" >&2; fail=1; }
for row in "c1 1" "c4 4" "c16 16"; do
  set -- $row
  # step, concurrency, successful/requests (all successful), status, p50, p99, tokens/s
  if ! grep -Eq "^$1 +$2 +([0-9]+)/\\1 +(OK|DEGRADED|SATURATED) +[0-9]+\\.[0-9]{3} +[0-9]+\\.[0-9]{3} +[0-9]+\\.[0-9]$" <<<"$out"; then
    echo "check-quickstart: no healthy table row for step $1 (concurrency $2)" >&2
    fail=1
  fi
done
grep -q '^Run complete\.$' <<<"$out" || { echo "check-quickstart: the run did not complete" >&2; fail=1; }

if [[ $fail -ne 0 ]]; then exit 1; fi
echo "check-quickstart: OK"
