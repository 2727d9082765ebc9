#!/usr/bin/env bash
# Benchmark of the all-in-one's start. It PRINTS FIGURES; it is not a test.
# From a cold start on a fresh data dir (embedded PostgreSQL initialised, the Temporal dev server
# started, Flyway migrated): how long until GET /actuator/health answers UP (goal <= 15 s), and
# the idle memory of the whole process tree, JVM, dev server and PostgreSQL with its backends
# (goal <= 600 MB), as proportional set size from /proc after IDLE seconds at rest, with the JVM
# options of scripts/run.sh (scripts/jvm-options.sh). Then the program is stopped and its data
# dir removed. Runs RUNS times; the jar is built first when missing or stale.
#
# Environment: RUNS=3 IDLE=20 PORT=18181 ENGINE_PORT=26970
# Usage: bash scripts/benchmark-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh >/dev/null 2>&1
bash scripts/ensure-temporal.sh >/dev/null
bash scripts/ensure-jar.sh
jar=starter-api/target/decommission.jar
runs=${RUNS:-3}; idle=${IDLE:-20}; port=${PORT:-18181}; engine=${ENGINE_PORT:-26970}

. scripts/jvm-options.sh

# A process and all its descendants.
descendants() {
  echo "$1"
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do descendants "$child"; done
}

ready=(); rss=()
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d /tmp/dcm-startup-XXXX)
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # the options are words
  setsid java $DECOMMISSION_JAVA_OPTS -jar "$jar" --server.port="$port" --decommission.data-dir="$dir" \
    --decommission.temporal.embedded-port="$engine" --decommission.temporal.ui-port=$((engine + 1)) \
    --decommission.ports.range=25900-25949 > "$dir.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "[bench] the program ended; see $dir.log"; exit 1; }
    sleep 0.1
  done
  took=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$idle"
  # The dev server and PostgreSQL may have left the JVM's tree (pg_ctl daemonises): add them by their data dir.
  # PostgreSQL (pg_ctl daemonises it) and its backends have left the JVM's tree: add the
  # processes that name the data dir and their children, each once.
  kb=0
  for p in $( { descendants "$pid"; for other in $(pgrep -f "$dir" || true); do descendants "$other"; done; } | sort -u); do
    kb=$((kb + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  printf '[bench] run %d: health UP after %d.%03d s, idle memory (PSS) of the tree %d MB\n' "$run" $((took / 1000)) $((took % 1000)) $((kb / 1024))
  ready+=("$took"); rss+=($((kb / 1024)))
  kill -TERM -- -"$pid" 2>/dev/null || kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  pkill -f "$dir" 2>/dev/null || true
  sleep 1
  rm -rf "$dir" "$dir.log"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m=$(median "${ready[@]}")
printf '[bench] median: health UP after %d.%03d s (goal <= 15 s), idle memory %d MB (goal <= 600 MB)\n' $((m / 1000)) $((m % 1000)) "$(median "${rss[@]}")"
