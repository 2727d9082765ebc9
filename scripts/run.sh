#!/usr/bin/env bash
# Starts the all-in-one program: REST API and worker in one JVM, with its Temporal engine (the
# Temporal CLI's dev server, a child process, Web UI on the engine port + 1000) and an embedded
# PostgreSQL, whose data persists in $DECOMMISSION_DATA_DIR (default ~/.decommission). Sets up
# what it needs first: a Docker daemon, the local test image (so the README's walk-through
# works), the Temporal CLI (built once per machine), and the jar when it is not built yet.
# Extra arguments go to the program, e.g. scripts/run.sh --decommission.delete.retention=10m
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null
bash scripts/ensure-jar.sh
jar=starter-api/target/decommission.jar
. scripts/jvm-options.sh
# shellcheck disable=SC2086 # the options are words
exec java $DECOMMISSION_JAVA_OPTS -jar "$jar" "$@"
