#!/usr/bin/env bash
# Start-up of the command line: runs `./kmemlab check FILE` RUNS times (default 10) and prints
# the median and minimum wall time (and the median CPU time), next to the floor of a bare `java -version` on the same JDK,
# and the load average (on a shared machine, other processes' load inflates every figure).
#   bash scripts/startup-bench.sh [FILE] [RUNS]       (FILE: default examples/03_private_zone.kmem)
# The command line is built first if needed (./kmemlab does it), outside the timed runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-$root/examples/03_private_zone.kmem}
runs=${2:-10}
. "$root/scripts/jdk.sh"
"$root/kmemlab" check "$file" > /dev/null   # warm-up: builds if stale, fills the page cache

# "WALL_MS CPU_MS" of one run of "$@" (CPU: user + system of the processes it started; it
# depends less on the machine's load than the wall time does), output discarded.
measure() {
  local t0 t1 cpu
  t0=$(date +%s%N)
  cpu=$( ( "$@" > /dev/null 2>&1 || true; times ) | tail -1 | awk '{
    t = 0; for (i = 1; i <= 2; i++) { split($i, p, /m|s/); t += p[1] * 60 + p[2] } printf "%d", t * 1000 }')
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $cpu"
}
# "median M s, min N s (CPU: median C s)" of RUNS runs of "$@".
stats() {
  local i results
  results=$(for ((i = 0; i < runs; i++)); do measure "$@"; done)
  median() { sort -n | awk '{a[NR] = $1} END { printf "%.2f", ((NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1000 }'; }
  printf "median %s s, min %s s (CPU: median %s s)" "$(cut -d' ' -f1 <<<"$results" | median)" \
    "$(cut -d' ' -f1 <<<"$results" | sort -n | head -1 | awk '{printf "%.2f", $1 / 1000}')" \
    "$(cut -d' ' -f2 <<<"$results" | median)"
}
aot=no
[ -f "$root/releng/io.kmemlab.cli.app/target/kmemlab.aot" ] && [ "$(kmemlab_java_major "$JAVA_HOME")" -ge 25 ] && aot=yes
echo "machine:  $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "java:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME); AOT cache: $aot"
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "java -version:          $(stats "$JAVA_HOME/bin/java" -version)  ($runs runs)"
echo "kmemlab check $(basename "$file"): $(stats "$root/kmemlab" check "$file")  ($runs runs)"
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (after)"
