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
exec bash scripts/run-api-benchmark.sh BulkDeleteBenchmark bulk-delete \
  -Dcount="${COUNT:-100}" -Druns="${RUNS:-1}" \
  -Ddeploy.timeout="${DEPLOY_TIMEOUT:-900}" -Ddelete.timeout="${DELETE_TIMEOUT:-900}"
