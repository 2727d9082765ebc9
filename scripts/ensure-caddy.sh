#!/usr/bin/env bash
# Makes sure Debian's Caddy is installed (the caddy package, /usr/bin/caddy), for the caddy route
# provider and its tests. Nothing is started here: each test runs a caddy of its own.
set -euo pipefail

log() { printf '[ensure-caddy] %s\n' "$*" >&2; }

if [ -x /usr/bin/caddy ]; then
  log "$(/usr/bin/caddy version | head -1) is installed."
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "Debian's caddy is not installed and this is not root: apt-get install caddy, then run again."
  exit 1
fi
log "Installing Debian's caddy (nothing started) ..."
bash "$(dirname "$0")/apt-install.sh" caddy
log "Installed $(/usr/bin/caddy version | head -1)."
