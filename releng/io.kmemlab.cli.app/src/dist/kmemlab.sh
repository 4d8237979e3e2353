#!/usr/bin/env bash
# kmemlab command line, from the distribution archive (bin/kmemlab). Works from any directory
# and through a symbolic link on PATH: it finds kmemlab.jar and lib/ next to its bin/ folder.
# Runs on the archive's own runtime/ when it has one (built with -Dkmemlab.runtime=true); else
# needs Java 21 or newer: $JAVA_HOME/bin/java, else java on PATH. With the JDK the archive was
# built on (see README), start-up uses the AOT cache kmemlab.aot; with any other JDK, kmemlab
# runs the same, only its start-up is slower.
set -euo pipefail
self=${BASH_SOURCE[0]}
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case "$link" in /*) self=$link ;; *) self=$(dirname "$self")/$link ;; esac
done
home=${KMEMLAB_HOME:-$(cd "$(dirname "$self")/.." && pwd)}   # the clone's ./kmemlab sets it to the build's target/
java=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java="$JAVA_HOME/bin/java"
# the archive's own runtime comes first: the AOT cache was made on it
[ -x "$home/runtime/bin/java" ] && java="$home/runtime/bin/java"
if ! command -v "$java" >/dev/null; then
  echo "kmemlab: no java found; install a JDK or JRE 21 or newer, or set JAVA_HOME" >&2
  exit 3
fi
# The version from the JDK's release file when there is one (starting a JVM to ask costs ~0.1 s).
jhome=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
major=
[ -f "$jhome/release" ] && major=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$jhome/release")
[ -n "$major" ] || major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if ! [ "${major:-0}" -ge 21 ] 2>/dev/null; then
  echo "kmemlab: $java is Java ${major:-of an unknown version}; kmemlab needs 21 or newer (set JAVA_HOME)" >&2
  exit 3
fi
jflags=()
# Guice (through Xtext) touches sun.misc.Unsafe; on 23+ that prints warnings that are noise for users.
[ "$major" -ge 23 ] && jflags+=(--sun-misc-unsafe-memory-access=allow)
# Guice builds its injectors with reflection rather than generating a class per injected type:
# generated classes cannot be in the AOT cache, and generating them cost more start-up than they save.
jflags+=(-Dguice_bytecode_gen_option=DISABLED)
# The AOT cache (JDK 25+) holds the loaded and linked classes of a training run of `check`.
# The JVM checks that it matches this JDK and these jars, and ignores it silently if not.
[ "$major" -ge 25 ] && [ -f "$home/kmemlab.aot" ] && jflags+=(-XX:AOTCache="$home/kmemlab.aot" -Xlog:aot*=off -Xlog:cds*=off)
case "${1:-}" in
  # Servers live long: full JIT. The rest are short runs, where C2's compile time costs more
  # than it saves (measured: docs/performance.md, "CLI start-up"), and one small heap.
  lsp|dap) ;;
  *) jflags+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC) ;;
esac
# KMEMLAB_JAVA_OPTS (e.g. -Xmx8g, or -XX:TieredStopAtLevel=4 for a long run) comes last and wins.
read -r -a user_opts <<<"${KMEMLAB_JAVA_OPTS:-}"
exec "$java" "${jflags[@]}" "${user_opts[@]}" -jar "$home/kmemlab.jar" "$@"
