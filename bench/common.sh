# Sourced by the bench/*.sh scripts: finds the llmbench jar and the bench harness classes, builds them if missing.
#   LLMBENCH_JAR   the all-in-one jar (default: benchmark-cli/target/llmbench.jar, else examples/target/llmbench.jar)
#   JAVA           the java that runs llmbench (default: java on PATH)
#   BENCH_BUILD=1  rebuild first (mvn -B -q -DskipTests package; add MVN_FLAGS=-o to stay offline)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
HARNESS_CLASSES="$REPO/benchmark-core/target/test-classes"

find_jar() {
  for j in "$REPO/benchmark-cli/target/llmbench.jar" "$REPO/examples/target/llmbench.jar"; do
    if [ -f "$j" ]; then echo "$j"; return; fi
  done
}

if [ "${BENCH_BUILD:-0}" = 1 ] || [ -z "${LLMBENCH_JAR:-$(find_jar)}" ] \
    || [ ! -f "$HARNESS_CLASSES/io/github/llmbench/core/bench/StepMain.class" ]; then
  echo "bench: building (mvn -B -q -DskipTests ${MVN_FLAGS:-} package)" >&2
  (cd "$REPO" && mvn -B -q -DskipTests ${MVN_FLAGS:-} package)
fi
LLMBENCH_JAR=${LLMBENCH_JAR:-$(find_jar)}
if [ ! -f "$LLMBENCH_JAR" ]; then echo "bench: no llmbench jar at '$LLMBENCH_JAR'" >&2; exit 1; fi
JAVA=${JAVA:-java}
export LLMBENCH_JAR JAVA BENCH_DIR REPO
export BENCH_CP="$LLMBENCH_JAR:$HARNESS_CLASSES"

# apt packages a harness needs: install_debs <command> <package> ...
install_debs() {
  local missing=()
  while [ $# -gt 1 ]; do
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
    shift 2
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]} from Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
