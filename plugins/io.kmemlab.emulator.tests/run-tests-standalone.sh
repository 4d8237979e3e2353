#!/bin/sh
# Compiles the emulator and its tests with plain javac and runs them with the JUnit console
# launcher (JUnit Jupiter + jqwik), without Maven/Tycho. Jars come from the local Maven
# repository; fetch them once with:
#   mvn -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4
#   mvn -q dependency:get -Dartifact=net.jqwik:jqwik:1.9.3
# Usage: run-tests-standalone.sh [extra console-launcher options, e.g. --select-class=...]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
MAIN="$HERE/../io.kmemlab.emulator/src"
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
M2=${M2:-$HOME/.m2/repository}
if [ -z "${OUT:-}" ]; then
    OUT=$(mktemp -d "${TMPDIR:-/tmp}/kmemlab-emulator-tests.XXXXXX")
    trap 'rm -rf "$OUT"' EXIT          # a private build dir per run: concurrent runs do not collide
fi
CONSOLE=$M2/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar
JQWIK=$M2/net/jqwik/jqwik-api/1.9.3/jqwik-api-1.9.3.jar:$M2/net/jqwik/jqwik-engine/1.9.3/jqwik-engine-1.9.3.jar:$M2/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar:$M2/org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar
rm -rf "$OUT" && mkdir -p "$OUT/classes" "$OUT/test-classes"
"$JDK/bin/javac" --release 21 -d "$OUT/classes" $(find "$MAIN" -name '*.java')
"$JDK/bin/javac" --release 21 -d "$OUT/test-classes" -cp "$OUT/classes:$CONSOLE:$JQWIK" $(find "$HERE/src" -name '*.java')
"$JDK/bin/java" -Xmx2g -jar "$CONSOLE" execute --disable-banner --details=summary \
    -cp "$OUT/classes:$OUT/test-classes:$JQWIK" --select-package=io.kmemlab.emulator "$@"
