#!/usr/bin/env bash
# Benchmark of a restart with many live deployments (goal: 1,000 lifecycle workflows live again
# within 30 s of the start). It PRINTS FIGURES; it is not a test. The work is done by
# RestartBenchmark (starter-api's tests): the all-in-one jar, run as its own process with the JVM
# options of scripts/run.sh (scripts/jvm-options.sh) on a fresh data dir, is given DEPLOYMENTS
# deployments through the API (one replica each, deployed then stopped: the containers stay
# created, not running), then stopped and started again once per way in STOPS (term: SIGTERM, a
# clean shutdown; kill: SIGKILL of the JVM, as a crash), timed from the process's start until
# health UP and until every lifecycle workflow has answered a query (which a worker of the new
# program answers by replaying the workflow). Then the program is stopped, every Docker object
# that carries its installation id is removed, and so is its data dir.
#
# Environment:
#   DEPLOYMENTS=1000   live deployments
#   STOPS=term,kill    the ways of stopping, in order
#   PARALLEL=8         deployments made at a time during the setup
#   QUERY_THREADS=16   threads asking the workflows after the restart
#   PORT=18480 ENGINE_PORT=18490   the program's HTTP port; its engine's (and the UI on the next one)
#   PROGRAM_ARGS=      extra program settings, e.g. --decommission.reconcile.events=false
#   BENCH_MVN_OFFLINE=1 run Maven offline (-o)
#
# Usage: bash scripts/benchmark-restart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh >/dev/null 2>&1
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p bench-results
MAVEN_LOG="$PWD/bench-results/restart-$STAMP.log"   # the whole output of the benchmark's JVM
LOGS_DIR="$PWD/bench-results/restart-$STAMP"         # the program's output, one file per start

offline=()
[ -n "${BENCH_MVN_OFFLINE:-}" ] && offline=(-o)
bash scripts/ensure-jar.sh "${offline[@]}"
. scripts/jvm-options.sh

# Compiles this checkout's modules and runs the one benchmark class (nothing is installed); the
# program is the jar above.
./mvnw -B -ntp "${offline[@]}" -pl starter-api -am test-compile surefire:test \
  -Dtest=RestartBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Djar="$PWD/starter-api/target/decommission.jar" -Djvm.options="$DECOMMISSION_JAVA_OPTS" -Dlogs.dir="$LOGS_DIR" \
  -Ddeployments="${DEPLOYMENTS:-1000}" -Dstops="${STOPS:-term,kill}" -Dparallel="${PARALLEL:-8}" \
  -Dquery.threads="${QUERY_THREADS:-16}" -Dport="${PORT:-18480}" -Dengine.port="${ENGINE_PORT:-18490}" \
  -Dprogram.args="${PROGRAM_ARGS:-}" 2>&1 | tee "$MAVEN_LOG" | grep -E '^\[bench\]|Tests run:|ERROR'
echo "[bench] the whole output: $MAVEN_LOG; the program's, per start: $LOGS_DIR"
