#!/usr/bin/env bash
# Benchmark: COUNT one-replica deployments (each with its own volume and network) deleted at once
# with POST /api/deployments/bulk-delete, each purge requested right after, until all are PURGED;
# against the Docker CLI doing the same work on as many containers, volumes and networks. It also
# prints the Temporal history events each delete added. It PRINTS FIGURES; it is not a test.
# The work is done by BulkDeleteBenchmark (starter-api's tests), the all-in-one in the test JVM.
#
# Environment: COUNT=100 (at most 100, a bulk delete's limit), RUNS=1, DEPLOY_TIMEOUT=900,
#   DELETE_TIMEOUT=900, PROGRAM_ARGS= (program settings), BENCH_MVN_OFFLINE=1 (Maven offline)
# Usage: bash scripts/benchmark-bulk-delete.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null

mkdir -p bench-results
SUMMARY_FILE="$PWD/bench-results/bulk-delete-$(date +%Y%m%d-%H%M%S).txt"
MAVEN_LOG="${SUMMARY_FILE%.txt}.log"
args=(-B -ntp)
[ -n "${BENCH_MVN_OFFLINE:-}" ] && args+=(-o)
for setting in ${PROGRAM_ARGS:-}; do args+=("-D${setting#--}"); done
./mvnw "${args[@]}" -pl starter-api -am test-compile surefire:test \
  -Dtest=BulkDeleteBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Dcount="${COUNT:-100}" -Druns="${RUNS:-1}" \
  -Ddeploy.timeout="${DEPLOY_TIMEOUT:-900}" -Ddelete.timeout="${DELETE_TIMEOUT:-900}" \
  -Dsummary.file="$SUMMARY_FILE" 2>&1 | tee "$MAVEN_LOG" | grep -E '^\[bench\]|Tests run:|ERROR'

[ -f "$SUMMARY_FILE" ] || { echo "[bench] no summary was written; the whole output is in $MAVEN_LOG" >&2; exit 1; }
echo
cat "$SUMMARY_FILE"
