#!/usr/bin/env bash
# Start-up of the command line: runs `./kmemlab check FILE` RUNS times (default 10) and prints
# the median and minimum wall time, next to the floor of a bare `java -version` on the same JDK,
# and the load average (on a shared machine, other processes' load inflates every figure).
#   bash scripts/startup-bench.sh [FILE] [RUNS]       (FILE: default examples/03_private_zone.kmem)
# The command line is built first if needed (./kmemlab does it), outside the timed runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-$root/examples/03_private_zone.kmem}
runs=${2:-10}
. "$root/scripts/jdk.sh"
"$root/kmemlab" check "$file" > /dev/null   # warm-up: builds if stale, fills the page cache

# Wall seconds of one run of "$@", output discarded.
seconds() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
# "median M s, min N s" of RUNS runs of "$@".
stats() {
  local i times=()
  for ((i = 0; i < runs; i++)); do times+=("$(seconds "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "median %.2f s, min %.2f s", m / 1000, a[1] / 1000 }'
}
aot=no
[ -f "$root/releng/io.kmemlab.cli.app/target/kmemlab.aot" ] && [ "$(kmemlab_java_major "$JAVA_HOME")" -ge 25 ] && aot=yes
echo "machine:  $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME); AOT cache: $aot"
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "java -version:          $(stats "$JAVA_HOME/bin/java" -version)  ($runs runs)"
echo "kmemlab check $(basename "$file"): $(stats "$root/kmemlab" check "$file")  ($runs runs)"
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (after)"
