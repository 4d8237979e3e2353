#!/usr/bin/env bash
# The README's test command (./kmemlab test): builds everything and runs every test — emulator,
# language, interpreter and CLI unit tests, scenario tests (examples/, and ../shared/acceptance
# when it is beside the clone), and the UI tests in a workbench under Xvfb; then
# examples/user-project, a user's own Maven build running scenarios through the JUnit engine.
# Extra arguments go to Maven (e.g. ./kmemlab test -o for an offline rebuild).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/prereqs.sh
. scripts/jdk.sh
echo "kmemlab: JDK $JAVA_HOME" >&2
if [ -n "${DISPLAY:-}" ]; then
  ./mvnw -B verify "$@"
else
  xvfb-run -a -s "-screen 0 1600x1000x24" ./mvnw -B verify "$@"
fi
bash scripts/user-project.sh
