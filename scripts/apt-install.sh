#!/usr/bin/env bash
# Installs Debian packages (as root) without letting their scripts start a service: there is no
# init system here to start one anyway. Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail

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
exit "$status"
