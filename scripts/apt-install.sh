#!/usr/bin/env bash
# Installs Debian packages for the set-up scripts: as root, non-interactive, and with no service
# started by a package's scripts (there is no init system here to start one anyway; each test
# starts its own instance). Usage: scripts/apt-install.sh <caller> <package>...
set -euo pipefail

caller=$1
shift
if [ "$(id -u)" != 0 ]; then
  printf '[%s] %s not installed and this is not root: apt-get install %s, then run again.\n' "$caller" "$*" "$*" >&2
  exit 1
fi
printf '[%s] Installing Debian'"'"'s %s (no service started) ...\n' "$caller" "$*" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
made_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
status=0
apt-get install -y -qq "$@" >/dev/null || status=$?
if [ -n "$made_policy" ]; then
  rm -f /usr/sbin/policy-rc.d
fi
if [ "$status" -ne 0 ]; then
  printf '[%s] apt-get install %s failed (exit %s).\n' "$caller" "$*" "$status" >&2
  exit "$status"
fi
printf '[%s] Installed %s.\n' "$caller" "$*" >&2
