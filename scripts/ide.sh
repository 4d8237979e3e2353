#!/usr/bin/env bash
# The README's run command (./kmemlab ide): builds the kmemlab IDE product if it is missing and
# starts it on ~/kmemlab-workspace (KMEMLAB_WORKSPACE=DIR for another). On a workspace's first
# start the IDE copies the examples into the project kmemlab-examples (a copy: the clone's
# examples/ is never linked). Without a display it runs under Xvfb (a virtual screen);
# KMEMLAB_IDE_SECONDS=N stops it after N seconds (a smoke test).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/prereqs.sh
. scripts/jdk.sh
product="$root/releng/io.kmemlab.repository/target/products/io.kmemlab.ide/linux/gtk/x86_64"
if ! ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar >/dev/null 2>&1; then
  echo "kmemlab: building the IDE product (first run only; tests skipped) ..." >&2
  ./mvnw -B -q -DskipTests verify >&2
fi
launcher=$(ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)
workspace="${KMEMLAB_WORKSPACE:-$HOME/kmemlab-workspace}"
mkdir -p "$workspace"
# Guice (through Xtext) touches sun.misc.Unsafe and SWT loads its native library: on JDK 23+ and
# 24+ the JVM prints warnings about both that are noise for users (as ./kmemlab does for the CLI).
jflags=()
major=$(kmemlab_java_major "$JAVA_HOME")
[ "$major" -ge 23 ] 2>/dev/null && jflags+=(--sun-misc-unsafe-memory-access=allow)
[ "$major" -ge 24 ] 2>/dev/null && jflags+=(--enable-native-access=ALL-UNNAMED)
args=(-Xmx2g "${jflags[@]}" -jar "$launcher" -data "$workspace" -consoleLog "$@")
echo "kmemlab: starting the IDE (workspace $workspace)" >&2
run() {
  if [ -n "${KMEMLAB_IDE_SECONDS:-}" ]; then timeout "$KMEMLAB_IDE_SECONDS" "$@" || [ $? -eq 124 ]; else "$@"; fi
}
if [ -n "${DISPLAY:-}" ]; then
  run java "${args[@]}"
else
  echo "kmemlab: no DISPLAY, running on a virtual screen (Xvfb)" >&2
  run xvfb-run -a -s "-screen 0 1600x1000x24" java "${args[@]}"
fi
