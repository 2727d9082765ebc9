#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's chromium (installed with apt when missing, as
# root) and playwright-core from npm in browser-tests/ (its lockfile pins the version; it drives
# the system's chromium and never downloads a browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[ensure-browser] %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  bash scripts/apt-install.sh ensure-browser chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  log "npm is not installed: the browser tests need Node.js and npm."
  exit 1
fi
if [ ! -d browser-tests/node_modules/playwright-core ]; then
  log "Installing playwright-core into browser-tests/ ..."
  # No browser download: playwright-core has none, and the tests point it at /usr/bin/chromium.
  (cd browser-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
fi
log "$(chromium --version 2>/dev/null | head -1); playwright-core $(node -p "require('./browser-tests/node_modules/playwright-core/package.json').version")"
