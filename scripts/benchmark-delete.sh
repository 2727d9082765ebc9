#!/usr/bin/env bash
# Benchmark: how long does Decommission take to soft-delete and purge one deployment of N
# replicas (each with its own volume), compared with the raw Docker CLI doing the same work?
# It PRINTS FIGURES; it is not a test. The work is done by DeleteBenchmark (starter-api's tests):
# the all-in-one in the test JVM, RUNS deploys each timed through DELETE + purge until PURGED and
# nothing left, against the Docker CLI floor; per run, the time of each phase from status_history.
#
# Environment:
#   REPLICAS=50         replicas per deployment (and containers per floor set); at most 100
#   RUNS=3              measured runs against the same program
#   DEPLOY_TIMEOUT=600  seconds a deploy may take before the setup is deemed broken
#   DELETE_TIMEOUT=900  seconds the delete or the purge may take before we give up
#   PROGRAM_ARGS=       extra program settings, e.g. --decommission.reconcile.events=false
#   BENCH_MVN_OFFLINE=1 run Maven offline (-o)
#
# Usage: bash scripts/benchmark-delete.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p bench-results
SUMMARY_FILE="$PWD/bench-results/delete-$STAMP.txt"
MAVEN_LOG="$PWD/bench-results/delete-$STAMP.log"   # the whole output, the program's log included

args=(-B -ntp)
[ -n "${BENCH_MVN_OFFLINE:-}" ] && args+=(-o)
# Program settings reach the all-in-one as system properties of the test JVM.
for setting in ${PROGRAM_ARGS:-}; do args+=("-D${setting#--}"); done

# Compiles this checkout's modules and runs the one benchmark class (nothing is installed).
./mvnw "${args[@]}" -pl starter-api -am test-compile surefire:test \
  -Dtest=DeleteBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Druns="${RUNS:-3}" -Dreplicas="${REPLICAS:-50}" \
  -Ddeploy.timeout="${DEPLOY_TIMEOUT:-600}" -Ddelete.timeout="${DELETE_TIMEOUT:-900}" \
  -Dsummary.file="$SUMMARY_FILE" 2>&1 | tee "$MAVEN_LOG" | grep -E '^\[bench\]|Tests run:|ERROR'

[ -f "$SUMMARY_FILE" ] || { echo "[bench] no summary was written; the whole output is in $MAVEN_LOG" >&2; exit 1; }
echo
cat "$SUMMARY_FILE"
