#!/usr/bin/env bash
# Benchmark: how long does one reconcile sweep take over 10,000 deployment records and 1,000 of
# our containers? It PRINTS FIGURES; it is not a test. The sweep runs in dry-run mode (it plans
# what it would do and changes nothing), against the embedded PostgreSQL, this machine's Docker
# daemon and the SDK's test server. The containers are created (not started), labelled for a
# benchmark host of their own, and removed afterwards; the records are deleted afterwards.
#
# Environment: RECORDS=10000 CONTAINERS=1000 RUNS=5
# Usage: bash scripts/benchmark-reconcile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
./mvnw -B -q -ntp install -DskipTests
./mvnw -B -ntp -pl worker surefire:test -Dtest=SweepBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Drecords="${RECORDS:-10000}" -Dcontainers="${CONTAINERS:-1000}" -Druns="${RUNS:-5}" 2>&1 | grep -E '^\[bench\]|Tests run|ERROR'
