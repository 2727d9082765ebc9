#!/usr/bin/env bash
# Makes sure the real counterparts the tests meet are installed from Debian: the distribution
# registry (docker-registry) with htpasswd (apache2-utils) for pulls with auth, and Caddy for
# routes. Nothing is started here: each test starts its own instance on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v caddy >/dev/null || missing+=(caddy)
if [ ${#missing[@]} -eq 0 ]; then
  printf '[ensure-counterparts] docker-registry, htpasswd and caddy are installed.\n' >&2
  exit 0
fi
bash scripts/apt-install.sh ensure-counterparts "${missing[@]}"
