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
# The package's own cluster is not made: split mode runs a cluster of its own.
if [ "$(id -u)" = 0 ]; then
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
fi
bash "$(dirname "$0")/apt-install.sh" ensure-postgres postgresql-15
