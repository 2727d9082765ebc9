#!/usr/bin/env bash
# Benchmarks of the reconciler. They PRINT FIGURES; they are not tests.
# 1. How long does one reconcile sweep take over 10,000 deployment records and 1,000 of our
#    containers (goal <= 0.5 s)?
# 2. How long from a replica stopped or started by hand to the status change (goal p95 <= 1 s)?
# The sweep runs in dry-run mode (it plans
# what it would do and changes nothing), against the embedded PostgreSQL, this machine's Docker
# daemon and the SDK's test server. The containers are created (not started), labelled for a
# benchmark host of their own, and removed afterwards; the records are deleted afterwards.
#
# Environment: RECORDS=10000 CONTAINERS=1000 RUNS=5 SAMPLES=40
# Usage: bash scripts/benchmark-reconcile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
./mvnw -B -q -ntp install -DskipTests
./mvnw -B -ntp -pl worker surefire:test -Dtest=SweepBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Drecords="${RECORDS:-10000}" -Dcontainers="${CONTAINERS:-1000}" -Druns="${RUNS:-5}" 2>&1 | grep -E '^\[bench\]|Tests run|ERROR'
# Drift latency: a replica stopped and started by hand, the status followed through the event stream.
./mvnw -B -ntp -pl starter-api surefire:test -Dtest=DriftBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsamples="${SAMPLES:-40}" 2>&1 | grep -E '^\[bench\]|Tests run|ERROR'
