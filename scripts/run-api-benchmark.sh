#!/usr/bin/env bash
# Runs one of starter-api's benchmark classes against the all-in-one in the test JVM, for the
# benchmark scripts: sets up Docker, the test image and the Temporal CLI, compiles this checkout's
# modules (nothing is installed), keeps the whole output in bench-results/<name>-<stamp>.log and
# prints the [bench] lines, then the summary the class wrote to bench-results/<name>-<stamp>.txt.
#
# Usage: bash scripts/run-api-benchmark.sh <BenchmarkClass> <name> [-Dknob=value ...]
# Environment: PROGRAM_ARGS= (program settings, e.g. --decommission.reconcile.events=false),
#              BENCH_MVN_OFFLINE=1 (Maven offline)
set -euo pipefail
cd "$(dirname "$0")/.."
class=$1
name=$2
shift 2

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null

mkdir -p bench-results
SUMMARY_FILE="$PWD/bench-results/$name-$(date +%Y%m%d-%H%M%S).txt"
MAVEN_LOG="${SUMMARY_FILE%.txt}.log"   # the whole output, the program's log included
args=(-B -ntp)
[ -n "${BENCH_MVN_OFFLINE:-}" ] && args+=(-o)
# Program settings reach the all-in-one as system properties of the test JVM.
for setting in ${PROGRAM_ARGS:-}; do args+=("-D${setting#--}"); done

./mvnw "${args[@]}" -pl starter-api -am test-compile surefire:test \
  -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true "$@" \
  -Dsummary.file="$SUMMARY_FILE" 2>&1 | tee "$MAVEN_LOG" | grep -E '^\[bench\]|Tests run:|ERROR'

[ -f "$SUMMARY_FILE" ] || { echo "[bench] no summary was written; the whole output is in $MAVEN_LOG" >&2; exit 1; }
echo
cat "$SUMMARY_FILE"
