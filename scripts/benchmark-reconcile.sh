#!/usr/bin/env bash
# Benchmarks of the reconciler. They PRINT FIGURES; they are not tests.
# 1. How long does one reconcile sweep take over 10,000 deployment records and 1,000 of our
#    containers? Goals: at most 300 ms cold (the first sweep in a fresh JVM), at most 150 ms warm
#    (the median of the other runs). The sweep runs in dry-run mode (it plans what it would do and
#    changes nothing), against the embedded PostgreSQL, this machine's Docker daemon and the SDK's
#    test server. The containers are created (not started) from the image's id, as deploys make
#    them (BY_TAG=1: from its reference, as before), labelled for a benchmark host of their own,
#    and removed afterwards; the records are deleted afterwards.
# 2. How long from a replica stopped or started by hand to the status change on the deployment's
#    event stream (SSE)? Idle (goal p95 <= 1 s), and while a 50-replica deployment is deleted and
#    purged (goal p95 <= 200 ms).
#
# Environment: RECORDS=10000 CONTAINERS=1000 RUNS=7 BY_TAG=  SAMPLES=40 LOAD_CYCLES=3 LOAD_REPLICAS=50
#              ONLY=sweep|drift (one part only)  BENCH_MVN_OFFLINE=1 (Maven offline)
# Usage: bash scripts/benchmark-reconcile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh

args=(-B -ntp)
[ -n "${BENCH_MVN_OFFLINE:-}" ] && args+=(-o)

# Each part compiles this checkout's modules and runs its one benchmark class (nothing is installed).
if [ "${ONLY:-sweep}" = sweep ]; then
  ./mvnw "${args[@]}" -pl worker -am test-compile surefire:test -Dtest=SweepBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false \
    -Drecords="${RECORDS:-10000}" -Dcontainers="${CONTAINERS:-1000}" -Druns="${RUNS:-7}" -Dby.tag="${BY_TAG:+true}" 2>&1 \
    | grep -E '^\[bench\]|Tests run:|ERROR'
fi
if [ "${ONLY:-drift}" = drift ]; then
  bash scripts/ensure-temporal.sh >/dev/null
  ./mvnw "${args[@]}" -pl starter-api -am test-compile surefire:test -Dtest=DriftBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsamples="${SAMPLES:-40}" -Dload.cycles="${LOAD_CYCLES:-3}" -Dload.replicas="${LOAD_REPLICAS:-50}" 2>&1 \
    | grep -E '^\[bench\]|Tests run:|ERROR'
fi
