#!/usr/bin/env bash
# Builds the all-in-one jar, starter-api/target/decommission.jar, when it is missing or older than
# a source file of this checkout. Extra arguments go to Maven (e.g. -o to stay offline).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=starter-api/target/decommission.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./\*/target -prune -o \( -name '*.java' -o -name '*.sql' -o -name pom.xml -o -name '*.properties' -o -path '*/src/main/resources/static/*' \) -newer "$jar" -print | head -1)" ]; then
  echo "[jar] building $jar ..." >&2
  ./mvnw -B -q -ntp -DskipTests "$@" package
fi
