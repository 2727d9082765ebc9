#!/usr/bin/env bash
# Makes sure the Temporal CLI is on this machine: it holds a complete single-process Temporal
# server with SQLite persistence and the Web UI (`temporal server start-dev`), the all-in-one's
# engine and the tests' real server. Built once per machine from the Go module proxy into
# $(go env GOPATH)/bin (a few minutes); later calls find it there. Prints the binary's path last.
# v1.5.1 is pinned: later versions carry a `replace` directive that `go install` refuses.
set -euo pipefail

version=${TEMPORAL_CLI_VERSION:-v1.5.1}
log() { printf '[ensure-temporal] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed: the Temporal CLI is built with it. Install Go 1.25 or later and run again."
  exit 1
fi
bin="$(go env GOPATH)/bin/temporal"
# The binary's own build information names the module version it was built from.
if [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -qE "^\s+mod\s+github.com/temporalio/cli\s+${version}\s"; then
  log "Temporal CLI ${version} already built: $bin"
  echo "$bin"
  exit 0
fi
log "Building the Temporal CLI ${version} with $(go version | cut -d' ' -f3) (once per machine; a few minutes) ..."
started=$(date +%s)
if ! go install "github.com/temporalio/cli/cmd/temporal@${version}" >&2; then
  log "go install github.com/temporalio/cli/cmd/temporal@${version} failed (its output is above)."
  exit 1
fi
log "Built $("$bin" --version | head -1) in $(( $(date +%s) - started )) s: $bin"
echo "$bin"
