#!/usr/bin/env bash
# Runs every test: unit tests (*Test) and integration tests (*IT) against the real Docker
# daemon, an embedded PostgreSQL and the Temporal test server. Sets up what it needs first:
# a Docker daemon (installing Debian's docker.io when none answers) and the local test image.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl workflows.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
exec ./mvnw -B -ntp verify "$@"
