# Sourced by the launchers: finds a JDK >= 21 (Tycho 5 and the Eclipse 4.39 bundles need it)
# and exports JAVA_HOME, or stops with a message saying what to install.
# The major version from the JDK's release file when there is one (starting a JVM costs ~0.1 s
# at every launch), else from the JVM itself.
kmemlab_java_major() {
  local v=
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "$v"
}
kmemlab_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    local v; v=$(kmemlab_java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! KMEMLAB_JDK=$(kmemlab_find_jdk); then
  echo "kmemlab: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "         Install one, e.g. 'apt-get install temurin-25-jdk' or 'openjdk-21-jdk', or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$KMEMLAB_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
