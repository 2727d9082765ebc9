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
exec bash scripts/run-api-benchmark.sh DeleteBenchmark delete \
  -Druns="${RUNS:-3}" -Dreplicas="${REPLICAS:-50}" \
  -Ddeploy.timeout="${DEPLOY_TIMEOUT:-600}" -Ddelete.timeout="${DELETE_TIMEOUT:-900}"
