#!/usr/bin/env bash
# The README's run command (./kmemlab ide): builds the kmemlab IDE product if it is missing and
# starts it on a workspace that holds the examples/ project. Without a display it runs under
# Xvfb (a virtual screen); KMEMLAB_IDE_SECONDS=N stops it after N seconds (a smoke test).
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
args=(-Xmx2g -Dkmemlab.examples="$root/examples" -jar "$launcher" -data "$workspace" -consoleLog "$@")
echo "kmemlab: starting the IDE (workspace $workspace, examples from $root/examples)" >&2
run() {
  if [ -n "${KMEMLAB_IDE_SECONDS:-}" ]; then timeout "$KMEMLAB_IDE_SECONDS" "$@" || [ $? -eq 124 ]; else "$@"; fi
}
if [ -n "${DISPLAY:-}" ]; then
  run java "${args[@]}"
else
  echo "kmemlab: no DISPLAY, running on a virtual screen (Xvfb)" >&2
  run xvfb-run -a -s "-screen 0 1600x1000x24" java "${args[@]}"
fi
