#!/usr/bin/env bash
# Runs the production shape on this one machine, without containers for the control plane: the
# Temporal CLI's dev server, Debian's PostgreSQL 15 server (a cluster of its own, as the postgres
# user), two worker processes and the API process. Everything lives in $SPLIT_DIR (default
# /tmp/decommission-split); Ctrl-C stops it all. The admin token is written to
# $SPLIT_DIR/api/admin.token. docker-compose.yml is the container form of the same shape.
#
# Environment: SPLIT_DIR, API_PORT (8080), ENGINE_PORT (7433, its UI on +1000), PG_PORT (5433).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${SPLIT_DIR:-/tmp/decommission-split}
api_port=${API_PORT:-8080}
engine_port=${ENGINE_PORT:-7433}
pg_port=${PG_PORT:-5433}
log() { printf '[run-split] %s\n' "$*" >&2; }

bash scripts/ensure-docker.sh
bash scripts/build-test-image.sh
temporal=$(bash scripts/ensure-temporal.sh)
bash scripts/ensure-postgres.sh
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -f starter-api/target/decommission.jar ] || [ ! -f worker/target/worker-0.1.0-SNAPSHOT-exec.jar ]; then
  log "building the jars ..."
  ./mvnw -B -q -ntp -DskipTests package
fi

mkdir -p "$dir"
pids=()
stop_all() {
  trap - EXIT INT TERM
  log "stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop_all EXIT INT TERM

# PostgreSQL: its own cluster, password (SCRAM) over TCP on 127.0.0.1.
if [ ! -d "$dir/pg/data" ]; then
  mkdir -p "$dir/pg"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/pg/password"
  chown -R postgres:postgres "$dir/pg"
  chmod 600 "$dir/pg/password"
  runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth-host=scram-sha-256 --auth-local=trust \
    --pwfile="$dir/pg/password" >/dev/null
fi
runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir/pg" start >/dev/null
runuser -u postgres -- "$pgbin/psql" -h "$dir/pg" -p "$pg_port" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'decommission'" | grep -q 1 \
  || runuser -u postgres -- "$pgbin/psql" -h "$dir/pg" -p "$pg_port" -d postgres -qc "CREATE DATABASE decommission"
log "PostgreSQL on 127.0.0.1:$pg_port"

# The engine: the dev server with its database in $dir (the workers register the search attributes).
"$temporal" server start-dev --ip 127.0.0.1 --port "$engine_port" --ui-ip 127.0.0.1 --ui-port $((engine_port + 1000)) \
  --db-filename "$dir/temporal.db" --log-level warn >"$dir/temporal.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$engine_port") 2>/dev/null && break; sleep 0.1; done
log "Temporal on 127.0.0.1:$engine_port, its UI on http://127.0.0.1:$((engine_port + 1000))"

common=(--decommission.temporal.target=127.0.0.1:"$engine_port"
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:"$pg_port"/decommission
  --spring.datasource.username=postgres
  --decommission.temporal.ui-url=http://127.0.0.1:$((engine_port + 1000)))
# The password goes by the environment, not the command line (which every user of the machine can read).
SPRING_DATASOURCE_PASSWORD=$(cat "$dir/pg/password")
export SPRING_DATASOURCE_PASSWORD
for n in 1 2; do
  java -jar worker/target/worker-0.1.0-SNAPSHOT-exec.jar "${common[@]}" --decommission.data-dir="$dir/data" \
    >"$dir/worker-$n.log" 2>&1 &
  pids+=($!)
  log "worker $n (pid $!), log $dir/worker-$n.log"
done
java -jar starter-api/target/decommission.jar "${common[@]}" --decommission.worker.enabled=false \
  --decommission.data-dir="$dir/api" --server.port="$api_port" >"$dir/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "localhost:$api_port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
log "API on http://localhost:$api_port (admin token: $dir/api/admin.token); Ctrl-C stops everything"
wait -n
