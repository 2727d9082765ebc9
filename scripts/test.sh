#!/usr/bin/env bash
# Runs every test: unit tests (*Test) and integration tests (*IT) against the real Docker
# daemon, an embedded PostgreSQL and a real Temporal server (the Temporal CLI's dev server). Sets
# up what it needs first: a Docker daemon (installing Debian's docker.io when none answers), the
# local test image, the Temporal CLI (built once per machine with Go), Debian's PostgreSQL server
# and Debian's Caddy.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl workflows.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
bash scripts/ensure-temporal.sh >/dev/null
bash scripts/ensure-browser.sh
bash scripts/ensure-postgres.sh
bash scripts/ensure-caddy.sh
status=0
./mvnw -B -ntp verify "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # Maven's summary shows only the first line of each error; a context that failed to load hides
  # its reason further down. Print the root causes last, where a truncated log still shows them.
  echo "---- root causes of the failed tests ----"
  for report in */target/surefire-reports/*.txt */target/failsafe-reports/*.txt; do
    [ -f "$report" ] || continue
    grep -q -E "FAILURE|ERROR" "$report" || continue
    echo "== $report"
    # Each failed test's first lines (what was expected), then the distinct root causes.
    awk '/<<< (FAILURE|ERROR)!$/ && !/^Tests run/ {n = 5} n > 0 && !/^\tat / {print; n--}' "$report" | cut -c1-400 | head -n 40
    grep -E "^Caused by:" "$report" | cut -c1-400 | awk '!seen[$0]++' | tail -n 8
  done
fi
exit "$status"
