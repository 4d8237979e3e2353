#!/usr/bin/env bash
# Installs what the build and the UI tests need on a fresh Debian/Ubuntu machine and is a no-op
# where it is all there: a JDK >= 21 (checked by scripts/jdk.sh), a Maven to fetch Maven 3.9.16
# once, and for the UI tests and the IDE a virtual display (Xvfb) and GTK 3.
set -euo pipefail
need=()
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0' || need+=(libgtk-3-0)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v mvn >/dev/null 2>&1 || [ -x "$HOME/.m2/wrapper/kmemlab/apache-maven-3.9.16/bin/mvn" ] || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "kmemlab: installing ${need[*]} (apt) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "kmemlab: missing ${need[*]}; install them (e.g. 'sudo apt-get install ${need[*]}') and run again." >&2
    exit 1
  fi
fi
