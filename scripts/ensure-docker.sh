#!/usr/bin/env bash
# Makes sure a Docker daemon answers. When none does and we run as root, installs Debian's
# docker.io (if needed) and starts dockerd without the default bridge or iptables, which is what
# these machines support. Each deployment gets a user-defined bridge network of its own, published
# through Docker's userland proxy; the address pool gives room for 256 of them (Docker's default
# pools hold 31 networks).
set -euo pipefail

log() { printf '[ensure-docker] %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  log "Docker daemon already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))."
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "No Docker daemon answers and this is not root: start one (or set DOCKER_HOST) and run again."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "Installing Debian's docker.io ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

log_file=/var/log/decommission-dockerd.log
log "Starting dockerd (log: $log_file) ..."
nohup dockerd --bridge=none --iptables=false --ip6tables=false \
  --default-address-pool base=10.210.0.0/16,size=24 >"$log_file" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "Docker daemon is up ($(docker version --format '{{.Server.Version}}'))."
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; its log follows."
tail -n 40 "$log_file" >&2 || true
exit 1
