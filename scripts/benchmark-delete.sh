#!/usr/bin/env bash
# Benchmark: how long does Decommission take to soft-delete and purge one deployment of N
# replicas (each with its own volume), compared with the raw Docker CLI doing the same work?
#
# It PRINTS FIGURES; it is not a test. A slow result never fails it, only a broken setup does
# (no daemon, the program does not come up, a deploy fails, a request is refused).
#
# One run of this script:
#   - sets up Docker, the test image and the jar (like scripts/run.sh);
#   - starts the all-in-one program on a fresh temp data dir with free ports;
#   - RUNS times: deploys N replicas, times DELETE + purge (queued) -> PURGED -> nothing left,
#     then times the Docker CLI floor (stop + rm + volume rm, and rm -f + volume rm) on N
#     containers+volumes of its own;
#   - prints a summary (also written to bench-results/delete-<timestamp>.txt) and, per run, the
#     program log's phase timeline so one can see where the pipeline's time goes.
#
# Environment:
#   REPLICAS=50         replicas per deployment (and containers per floor set); at most 100
#   RUNS=3              measured runs against the same program
#   BENCH_MVN_OFFLINE=1 build the jar with `mvnw -o` (only when the jar is missing)
#   DEPLOY_TIMEOUT=600  seconds a deploy may take before the setup is deemed broken
#   DELETE_TIMEOUT=900  seconds the delete or the purge may take before we give up
#   PROGRAM_ARGS=       extra program arguments, e.g. --decommission.reconcile.events=false
#
# Usage: bash scripts/benchmark-delete.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REPLICAS=${REPLICAS:-50}
RUNS=${RUNS:-3}
DEPLOY_TIMEOUT=${DEPLOY_TIMEOUT:-600}
DELETE_TIMEOUT=${DELETE_TIMEOUT:-900}
IMAGE=decommission/testapp:local
JAR=starter-api/target/decommission.jar
# The program's port pool; the floor's containers take their ports outside it.
APP_PORT_RANGE=32000-32299
FLOOR_PORT_LOW=32300
FLOOR_PORT_HIGH=32700
POLL_INTERVAL=0.05

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_ID="$STAMP-$$"                       # unique per invocation: labels and names carry it
BENCH_LABEL_KEY=decommission.bench       # NOT decommission.managed: the program must never see these
BENCH_LABEL="$BENCH_LABEL_KEY=$RUN_ID"
RESULTS_DIR=bench-results
SUMMARY_FILE="$RESULTS_DIR/delete-$STAMP.txt"
PROGRAM_LOG="$RESULTS_DIR/delete-$STAMP.program.log"   # kept: the phase timeline is read from it

DATA_DIR=""
APP_PID=""
HTTP_PORT=""
TOKEN=""
DEPLOYMENT_IDS=()   # every deployment this run created, for the cleanup
RESULT_LINES=()     # one tab-separated line of figures per run
TIMELINES=""        # per-run phase timelines, for the results file

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- time arithmetic ---------------------------------------------------------------------

now() { date +%s.%N; }
# seconds between two `now` values, 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v p="$1" -v f="$2" 'BEGIN { if (f > 0) printf "%.2f", p / f; else print "n/a" }'; }

# ---- set-up --------------------------------------------------------------------------------

setup() {
  bash scripts/ensure-docker.sh
  bash scripts/build-test-image.sh
  if [ ! -f "$JAR" ]; then
    # Only when missing: others may be editing the sources, and the benchmark measures the jar
    # that is there. Offline only on request, since a fresh machine needs the registry.
    local offline=()
    [ -n "${BENCH_MVN_OFFLINE:-}" ] && offline=(-o)
    log "building $JAR ..."
    ./mvnw -B -q -ntp "${offline[@]}" -DskipTests package
  fi
  [ -f "$JAR" ] || die "$JAR is missing after the build"
  command -v python3 >/dev/null || die "python3 is needed (JSON parsing, free ports)"
  command -v curl >/dev/null || die "curl is needed"
  (( REPLICAS >= 1 && REPLICAS <= 100 )) || die "REPLICAS must be 1-100 (the spec validator's limit)"
  (( RUNS >= 1 )) || die "RUNS must be at least 1"
  mkdir -p "$RESULTS_DIR"
}

# A port nobody listens on now, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# N free ports in the floor's range, one per line: a bind test, holding every socket until all
# are found so that no port is handed out twice.
free_floor_ports() {
  python3 - "$1" "$FLOOR_PORT_LOW" "$FLOOR_PORT_HIGH" <<'EOF'
import socket, sys
n, lo, hi = map(int, sys.argv[1:])
held = []
for p in range(lo, hi + 1):
    if len(held) == n:
        break
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", p))
        held.append(s)
    except OSError:
        s.close()
if len(held) < n:
    sys.exit(f"only {len(held)} free ports in {lo}-{hi}")
for s in held:
    print(s.getsockname()[1])
EOF
}

# ---- the program ---------------------------------------------------------------------------

start_program() {
  DATA_DIR=$(mktemp -d /tmp/decommission-bench.XXXXXX)
  HTTP_PORT=$(free_port)
  local temporal_port
  temporal_port=$(free_port)
  while [ "$temporal_port" = "$HTTP_PORT" ]; do temporal_port=$(free_port); done
  log "starting the program: data dir $DATA_DIR, HTTP $HTTP_PORT, Temporal $temporal_port, log $PROGRAM_LOG"
  # Stop grace stays the default 10 s (given explicitly so the figure is reproducible); the test
  # image exits at once on SIGTERM because containers run with an init. Retention 1 h: the purge
  # is always the one we request, never the timer.
  java -jar "$JAR" \
    --decommission.data-dir="$DATA_DIR" \
    --server.port="$HTTP_PORT" \
    --decommission.temporal.embedded-port="$temporal_port" \
    --decommission.ports.range="$APP_PORT_RANGE" \
    --decommission.delete.stop-grace=10s \
    --decommission.delete.retention=1h \
    ${PROGRAM_ARGS:-} \
    >"$PROGRAM_LOG" 2>&1 &
  APP_PID=$!

  local deadline=$((SECONDS + 120)) health=""
  while (( SECONDS < deadline )); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 60 "$PROGRAM_LOG" >&2; die "the program exited during start-up"; }
    health=$(curl -s --max-time 2 "http://127.0.0.1:$HTTP_PORT/actuator/health" || true)
    if [ "$(json_field status <<<"$health")" = UP ]; then
      TOKEN=$(cat "$DATA_DIR/admin.token")
      log "program is UP (pid $APP_PID)"
      return 0
    fi
    sleep 1
  done
  log "last health answer: $health"
  tail -n 60 "$PROGRAM_LOG" >&2
  die "the program did not report UP within 120 s"
}

# SIGTERM and wait, so that its embedded PostgreSQL is shut down by the program itself.
stop_program() {
  [ -n "$APP_PID" ] || return 0
  kill -0 "$APP_PID" 2>/dev/null || { APP_PID=""; return 0; }
  log "stopping the program (pid $APP_PID) ..."
  kill -TERM "$APP_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 300); do
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$APP_PID" 2>/dev/null; then
    log "the program did not exit within 30 s: SIGKILL"
    kill -KILL "$APP_PID" 2>/dev/null || true
    # A killed JVM leaves its PostgreSQL running; it is ours, so stop it by its pid file.
    local pidfile pg
    while IFS= read -r pidfile; do
      pg=$(head -n 1 "$pidfile" 2>/dev/null || true)
      [[ "$pg" =~ ^[0-9]+$ ]] && kill -TERM "$pg" 2>/dev/null || true
    done < <(find "$DATA_DIR" -name postmaster.pid 2>/dev/null)
    sleep 2
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

# ---- HTTP and JSON -----------------------------------------------------------------------

# A top-level field of the JSON on stdin; empty when absent or not JSON.
json_field() {
  python3 -c '
import json, sys
try:
    v = json.load(sys.stdin).get(sys.argv[1])
except Exception:
    v = None
print("" if v is None else v)' "$1"
}

# api METHOD PATH [BODY] -> prints "<http code>\n<body>"
api() {
  local method=$1 path=$2 body=${3:-}
  local args=(-s --max-time 30 -X "$method" -H "Authorization: Bearer $TOKEN" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "http://127.0.0.1:$HTTP_PORT$path"
}

# Requests that must be accepted; anything else is a broken setup.
api_expect() {
  local want=$1; shift
  local out code
  out=$(api "$@") || die "curl failed on $1 $2"
  code=${out##*$'\n'}
  if [ "$code" != "$want" ]; then
    die "$1 $2 answered $code instead of $want: ${out%$'\n'*}"
  fi
  printf '%s' "${out%$'\n'*}"
}

# The deployment's current status. A bash regex rather than python here: this runs every 50 ms
# while the clock runs, and on a small machine a python start per poll would steal CPU from the
# program being measured. The answer is compact JSON whose first "status" is the top-level one.
current_status() {
  local body
  body=$(curl -s --max-time 5 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/deployments/$1" || true)
  if [[ $body =~ \"status\":\"([A-Z_]+)\" ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  fi
}

# Polls until the deployment has status $2; dies on FAILED or after $3 seconds.
wait_status() {
  local id=$1 want=$2 timeout=$3 status="" deadline
  deadline=$((SECONDS + timeout))
  while (( SECONDS < deadline )); do
    status=$(current_status "$id")
    [ "$status" = "$want" ] && return 0
    if [ "$status" = FAILED ]; then
      api GET "/api/deployments/$id" >&2 || true
      die "deployment $id is FAILED while waiting for $want"
    fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 60 "$PROGRAM_LOG" >&2; die "the program died while waiting for $want"; }
    sleep "$POLL_INTERVAL"
  done
  tail -n 60 "$PROGRAM_LOG" >&2
  die "deployment $id did not reach $want within $timeout s (last status: ${status:-none})"
}

# Epoch seconds at which the deployment's history last entered status $2 (server clock, same machine).
history_time() {
  api_expect 200 GET "/api/deployments/$1" | python3 -c '
import json, sys
from datetime import datetime
rows = [h for h in json.load(sys.stdin)["history"] if h["newStatus"] == sys.argv[1]]
print("%.6f" % datetime.fromisoformat(rows[-1]["at"].replace("Z", "+00:00")).timestamp())' "$2"
}

# ---- the pipeline --------------------------------------------------------------------------

# Creates the deployment of REPLICAS replicas, each with its own volume; prints its id.
create_deployment() {
  local name=$1 body answer id
  body=$(cat <<EOF
{"name":"$name","image":"$IMAGE","replicas":$REPLICAS,
 "ports":[{"name":"http","containerPort":8080}],
 "volumes":[{"name":"data","mountPath":"/data","scope":"REPLICA"}],
 "healthCheck":{"type":"TCP","port":"http","timeoutSeconds":120}}
EOF
)
  answer=$(api_expect 202 POST /api/deployments "$body")
  id=$(json_field id <<<"$answer")
  [ -n "$id" ] || die "no id in the create answer: $answer"
  printf '%s' "$id"
}

# Containers and volumes carrying the deployment's id label, as "containers volumes".
leftovers() {
  local c v
  c=$(docker ps -aq --filter "label=decommission.deployment_id=$1" | wc -l)
  v=$(docker volume ls -q --filter "label=decommission.deployment_id=$1" | wc -l)
  printf '%s %s' "$c" "$v"
}

# The program log's lines about deployment $1 from epoch time $2 on, with their offset from $2:
# the status changes, the "phase started" lines and the activities' summaries. The log has only
# HH:MM:SS.mmm (the JVM's local time), so compare seconds of the day.
timeline() {
  python3 - "$1" "$2" "$PROGRAM_LOG" <<'EOF'
import datetime, re, sys
dep, start, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
t = datetime.datetime.fromtimestamp(start)
start_sod = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
line_re = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) +(\w+) +\[[^\]]*\] (\S+) - (.*)$")
prev = None
out = []
with open(path, errors="replace") as f:
    for line in f:
        if dep not in line:
            continue
        m = line_re.match(line.rstrip("\n"))
        if not m:
            continue
        h, mi, s, ms, level, logger, msg = m.groups()
        sod = int(h) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000
        off = sod - start_sod
        if off < -43200:
            off += 86400   # crossed midnight
        if off < -0.5:
            continue       # the deploy, before the clock started
        msg = msg.replace(dep, "<id>")
        step = "" if prev is None else f"(+{off - prev:7.3f})"
        prev = off
        out.append(f"    {off:8.3f}s {step:>10}  {msg[:150]}")
print("\n".join(out[:80]) if out else "    (no log lines for this deployment)")
EOF
}

# ---- the Docker CLI floor ------------------------------------------------------------------

FLOOR_IDS=()    # the current floor set's container names
FLOOR_VOLS=()   # and its volume names

# Creates and starts REPLICAS containers of the test image, each with its own named volume, as
# the pipeline's replicas are (host network, an init, PORT, a volume at /data), all labelled with
# this run's bench label; then waits until each listens, as the pipeline's replicas were healthy.
floor_create_set() {
  local tag=$1 i
  local -a ports
  mapfile -t ports < <(free_floor_ports "$REPLICAS")
  (( ${#ports[@]} == REPLICAS )) || die "could not find $REPLICAS free ports for the floor"
  FLOOR_IDS=()
  for ((i = 0; i < REPLICAS; i++)); do
    FLOOR_IDS+=("dcmbench-$RUN_ID-$tag-$i")
  done
  FLOOR_VOLS=("${FLOOR_IDS[@]}")
  # Volumes first and labelled, so the cleanup finds them even if a `docker run` fails.
  printf '%s\n' "${FLOOR_VOLS[@]}" |
    xargs -P 8 -I{} docker volume create --label "$BENCH_LABEL" {} >/dev/null
  # xargs -L 1 hands each "name port" line to sh as $1 $2; a failing run makes xargs fail.
  for ((i = 0; i < REPLICAS; i++)); do
    printf '%s %s\n' "${FLOOR_IDS[$i]}" "${ports[$i]}"
  done | BENCH_LABEL="$BENCH_LABEL" IMAGE="$IMAGE" xargs -P 8 -L 1 sh -c '
    docker run -d --name "$1" --label "$BENCH_LABEL" --network host --init -e PORT="$2" \
      --mount type=volume,source="$1",target=/data "$IMAGE" >/dev/null' _
  local running
  running=$(docker ps -q --filter "label=$BENCH_LABEL" --filter status=running | wc -l)
  (( running == REPLICAS )) || die "floor set $tag: $running of $REPLICAS containers running"
  python3 - "${ports[@]}" <<'EOF' || die "floor set $tag: not every container listens within 60 s"
import socket, sys, time
waiting = set(map(int, sys.argv[1:]))
deadline = time.time() + 60
while waiting and time.time() < deadline:
    for p in list(waiting):
        try:
            socket.create_connection(("127.0.0.1", p), timeout=0.5).close()
            waiting.discard(p)
        except OSError:
            pass
    if waiting:
        time.sleep(0.1)
sys.exit(1 if waiting else 0)
EOF
}

# The pipeline's equivalent: stop all (default grace), remove all, remove the volumes.
# Sets FLOOR_STOP, FLOOR_RM, FLOOR_VOLRM, FLOOR_TOTAL.
floor_measure_graceful() {
  floor_create_set g
  local t0 t1 t2 t3
  t0=$(now)
  docker stop "${FLOOR_IDS[@]}" >/dev/null
  t1=$(now)
  docker rm "${FLOOR_IDS[@]}" >/dev/null
  t2=$(now)
  docker volume rm "${FLOOR_VOLS[@]}" >/dev/null
  t3=$(now)
  FLOOR_STOP=$(secs "$t0" "$t1")
  FLOOR_RM=$(secs "$t1" "$t2")
  FLOOR_VOLRM=$(secs "$t2" "$t3")
  FLOOR_TOTAL=$(secs "$t0" "$t3")
}

# The fastest possible form, for information: kill and remove in one call, then the volumes.
# Sets FLOOR_RMF.
floor_measure_force() {
  floor_create_set f
  local t0 t1
  t0=$(now)
  docker rm -f "${FLOOR_IDS[@]}" >/dev/null
  docker volume rm "${FLOOR_VOLS[@]}" >/dev/null
  t1=$(now)
  FLOOR_RMF=$(secs "$t0" "$t1")
}

# ---- one measured run ----------------------------------------------------------------------

run_once() {
  local k=$1 id t0 t1 td0 td1 tp0 tp1 td3 left
  local name="bench-${RUN_ID}-$k"

  log "run $k/$RUNS: deploying $REPLICAS replicas ($name) ..."
  t0=$(now)
  id=$(create_deployment "$name")
  DEPLOYMENT_IDS+=("$id")
  wait_status "$id" RUNNING "$DEPLOY_TIMEOUT"
  t1=$(now)
  local deploy_s
  deploy_s=$(secs "$t0" "$t1")
  log "run $k: deployment $id RUNNING after ${deploy_s}s (for information)"
  # Let the deploy's last writes and the JVM settle so they do not land inside the timed delete.
  sleep 2

  log "run $k: DELETE + purge ..."
  # The purge is requested right after the delete is accepted: the workflow queues it behind the
  # delete (its validator checks the status the delete will leave), as an operator who wants the
  # data gone now would do. When the deployment became DELETED is read from its history.
  td0=$(now)
  api_expect 202 DELETE "/api/deployments/$id" >/dev/null
  api_expect 202 POST "/api/deployments/$id/purge" >/dev/null
  wait_status "$id" PURGED "$DELETE_TIMEOUT"
  tp1=$(now)
  left=$(leftovers "$id")
  td3=$(now)
  td1=$(history_time "$id" DELETED)
  tp0=$td1
  if [ "$left" != "0 0" ]; then
    # The pipeline said PURGED but Docker still holds its objects: a bug, not a slow result.
    log "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    log "!!! WARNING: deployment $id is PURGED but Docker still has (containers volumes): $left"
    log "!!! That is a bug in the pipeline. The figures of this run are not comparable."
    log "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  fi
  local to_deleted purge check total
  to_deleted=$(secs "$td0" "$td1")
  purge=$(secs "$tp0" "$tp1")
  check=$(secs "$tp1" "$td3")
  total=$(secs "$td0" "$td3")
  log "run $k: DELETED after ${to_deleted}s, PURGED ${purge}s later, check ${check}s; total ${total}s"
  TIMELINES+="run $k, deployment $id: program log from the DELETE request (offset, step from previous line, message)"$'\n'
  TIMELINES+="$(timeline "$id" "$td0")"$'\n\n'

  log "run $k: Docker CLI floor (stop + rm + volume rm) on $REPLICAS containers + volumes ..."
  floor_measure_graceful
  log "run $k: floor ${FLOOR_TOTAL}s (stop ${FLOOR_STOP}s, rm ${FLOOR_RM}s, volume rm ${FLOOR_VOLRM}s)"
  log "run $k: Docker CLI rm -f floor ..."
  floor_measure_force
  log "run $k: rm -f floor ${FLOOR_RMF}s"

  RESULT_LINES+=("$(printf '%s\t' "$k" "$deploy_s" "$to_deleted" "$purge" "$check" "$total" \
    "$FLOOR_STOP" "$FLOOR_RM" "$FLOOR_VOLRM" "$FLOOR_TOTAL" "$(ratio "$total" "$FLOOR_TOTAL")" \
    "$FLOOR_RMF" "$(ratio "$total" "$FLOOR_RMF")")${left// /\/}")
}

# ---- the summary ---------------------------------------------------------------------------

summary() {
  local mem docker_version
  mem=$(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')
  docker_version=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)
  echo "==================== Decommission delete + purge benchmark ===================="
  echo "date           $(date -Is)   run id $RUN_ID"
  echo "machine        nproc $(nproc), memory $mem, Docker server $docker_version"
  echo "jar            $JAR ($(date -r "$JAR" -Is))"
  echo "N              $REPLICAS replicas, each with its own REPLICA-scoped volume; stop grace 10s; runs $RUNS"
  echo "pipeline       DELETE and POST purge (queued behind it) -> PURGED, then docker CLI confirms nothing is left"
  echo "floor          docker stop <all> + docker rm <all> + docker volume rm <all> (one call each)"
  echo "rm -f floor    docker rm -f <all> + docker volume rm <all>"
  echo
  printf '%-4s %8s | %9s %8s %6s %9s | %7s %6s %7s %8s | %6s | %8s %6s | %s\n' \
    run deploy toDELETED purge check PIPELINE stop rm volrm FLOOR ratio rm-f ratio leftover
  local line
  for line in "${RESULT_LINES[@]}"; do
    IFS=$'\t' read -r k d del pur chk tot fs frm fv ft r rf rr lo <<<"$line"
    printf '%-4s %7ss | %8ss %7ss %5ss %8ss | %6ss %5ss %6ss %7ss | %6s | %7ss %6s | %s\n' \
      "$k" "$d" "$del" "$pur" "$chk" "$tot" "$fs" "$frm" "$fv" "$ft" "$r" "$rf" "$rr" "$lo"
  done
  echo
  printf '%s\n' "${RESULT_LINES[@]}" | python3 -c '
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
med = lambda i: statistics.median(float(r[i]) for r in rows)
print(f"median         delete+purge {med(5):.3f}s   floor {med(9):.3f}s   rm -f floor {med(11):.3f}s")
print(f"median ratio   pipeline/floor {med(10):.2f}   pipeline/rm-f floor {med(12):.2f}")
r = med(10)
verdict = "met" if r <= 1.25 else "NOT met"
print(f"goal           ratio <= 1.25: {verdict} (median {r:.2f})")
'
  echo "program log    $PROGRAM_LOG"
  echo "==============================================================================="
}

# ---- clean-up ------------------------------------------------------------------------------

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_program
  # Only what this run created: its bench label, and the deployments it created (the program
  # has stopped, so nobody else works on them).
  local filters=("label=$BENCH_LABEL") id ids vols f
  for id in "${DEPLOYMENT_IDS[@]}"; do filters+=("label=decommission.deployment_id=$id"); done
  for f in "${filters[@]}"; do
    ids=$(docker ps -aq --filter "$f" 2>/dev/null)
    [ -n "$ids" ] && { log "cleanup: removing containers with $f"; docker rm -f $ids >/dev/null; }
    vols=$(docker volume ls -q --filter "$f" 2>/dev/null)
    [ -n "$vols" ] && { log "cleanup: removing volumes with $f"; docker volume rm -f $vols >/dev/null; }
  done
  [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR"
  exit "$rc"
}

# ---- main ----------------------------------------------------------------------------------

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  setup
  start_program
  local k
  for ((k = 1; k <= RUNS; k++)); do
    run_once "$k"
  done
  local out
  out=$(summary)
  {
    printf '%s\n\n' "$out"
    printf 'Per-run timeline from the program log\n\n%s' "$TIMELINES"
  } >"$SUMMARY_FILE"
  printf '\n%s\n\n' "$out"
  printf 'Per-run timeline from the program log\n\n%s' "$TIMELINES"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
