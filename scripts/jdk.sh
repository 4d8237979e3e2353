# Sourced by the launchers: finds a JDK >= 21 (Tycho 5 and the Eclipse 4.39 bundles need it)
# and exports JAVA_HOME, or stops with a message saying what to install.
kmemlab_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
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
