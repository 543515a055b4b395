#!/usr/bin/env bash
# Fetches the Temporal Java time-skipping test server (io.temporal:temporal-test-server) and its
# runtime classpath from Maven Central into .tools/test-server/lib (git-ignored). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
pom=scripts/test-server/pom.xml
version=$(sed -n 's:.*<temporal.version>\(.*\)</temporal.version>.*:\1:p' "$pom")
lib=.tools/test-server/lib
marker="$lib/temporal-test-server-${version}.jar"
if [ -f "$marker" ]; then
  echo "temporal test server: $marker ($(ls "$lib" | wc -l) jars on the classpath)"
  exit 0
fi
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "error: the time-skipping SLA tests need Java 17+ and Maven (apt-get install openjdk-17-jdk-headless maven)" >&2
  exit 1
fi
echo "fetching io.temporal:temporal-test-server:${version} and its dependencies with mvn into $lib"
start=$(date +%s)
rm -rf "$lib"
mvn -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$lib"
echo "fetched $(ls "$lib" | wc -l) jars into $lib in $(( $(date +%s) - start )) s"
