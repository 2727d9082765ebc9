#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL server is installed (the postgresql-15 package), for split mode
# on one machine and its test. Nothing is started here, and the package's own cluster is not
# made: split mode runs a cluster of its own, as the postgres user.
set -euo pipefail

log() { printf '[ensure-postgres] %s\n' "$*" >&2; }

if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "$(ls -d /usr/lib/postgresql/*/bin/postgres | tail -1) is installed."
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "Debian's PostgreSQL server is not installed and this is not root: apt-get install postgresql-15, then run again."
  exit 1
fi
log "Installing Debian's postgresql-15 (no cluster of its own, nothing started) ..."
mkdir -p /etc/postgresql-common
echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
bash "$(dirname "$0")/apt-install.sh" postgresql-15
log "Installed $(ls -d /usr/lib/postgresql/*/bin/postgres | tail -1)."
