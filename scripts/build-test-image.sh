#!/usr/bin/env bash
# Builds the local test image decommission/testapp:local: a root file system holding Debian's
# busybox-static (a shell and an HTTP server), imported with `docker import` because no image can
# be pulled here. The image serves /www over HTTP on $PORT (default 8080).
set -euo pipefail

image=${TEST_IMAGE:-decommission/testapp:local}
log() { printf '[test-image] %s\n' "$*" >&2; }

# Bump when the image's content changes, so an older image on the machine is rebuilt.
version=2
if [ "$(docker image inspect --format '{{ index .Config.Labels "decommission.testapp" }}' "$image" 2>/dev/null)" = "$version" ]; then
  log "$image (version $version) already present."
  exit 0
fi
older=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)

if ! dpkg -s busybox-static >/dev/null 2>&1; then
  log "Installing Debian's busybox-static ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq busybox-static >/dev/null
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/www" "$root/tmp" "$root/data" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
for applet in sh httpd sleep echo cat ls nc wget true false kill timeout; do
  ln -s busybox "$root/bin/$applet"
done
echo 'decommission test app' > "$root/www/index.html"
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/bin' \
  --change 'ENV PORT=8080' \
  --change "LABEL decommission.testapp=$version" \
  --change 'CMD ["sh", "-c", "exec httpd -f -p ${PORT} -h /www"]' \
  - "$image" >/dev/null
if [ -n "$older" ]; then
  docker image rm "$older" >/dev/null 2>&1 || true  # the older version, now untagged
fi
log "Built $image."
