#!/usr/bin/env bash
# The build's check of the distribution archive (phase verify): unpack it into a fresh folder,
# then, from another directory and with the clone out of reach of the launcher, run
# `bin/kmemlab check` on a small file and `bin/kmemlab` through a symbolic link (as on PATH).
# Fails (non-zero) when the archive is broken.
set -euo pipefail
archive=$1 work=$2
export JAVA_HOME=${3:-${JAVA_HOME:-}}   # the build's JDK: the one the AOT cache was made for
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "archive test: $*" >&2; exit 1; }
[ -f "$archive" ] || fail "no archive at $archive"
rm -rf "$work"; mkdir -p "$work/unpacked" "$work/elsewhere" "$work/path"
tar -xzf "$archive" -C "$work/unpacked"
dist=$(find "$work/unpacked" -mindepth 1 -maxdepth 1 -type d)
[ -n "$dist" ] || fail "the archive has no top-level folder"
[ -x "$dist/bin/kmemlab" ] || fail "bin/kmemlab missing or not executable"
[ -f "$dist/kmemlab.jar" ] && [ -n "$(ls "$dist"/lib/*.jar 2>/dev/null)" ] || fail "kmemlab.jar or lib/ missing"
[ -f "$dist/README" ] || fail "README missing"
cp "$here/small.kmem" "$work/elsewhere/"
ln -s "$dist/bin/kmemlab" "$work/path/kmemlab"
run() {   # the launcher in a clean environment: no Maven, no clone on the way
  (cd "$work/elsewhere" && env -i HOME="$work" PATH="$work/path:${JAVA_HOME:+$JAVA_HOME/bin:}/usr/bin:/bin" \
     ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} "$@")
}
out=$(run "$dist/bin/kmemlab" check small.kmem 2>&1) || fail "bin/kmemlab check exited $?: $out"
grep -qx "PASS  an order-0 page is one frame (small.kmem:7)" <<<"$out" || fail "unexpected output: $out"
grep -qx "1 passed, 0 failed" <<<"$out" || fail "unexpected output: $out"
[ "$(wc -l <<<"$out")" -eq 2 ] || fail "extra output (warnings?): $out"
out=$(run kmemlab check small.kmem 2>&1) || fail "kmemlab through a link on PATH exited $?: $out"
grep -qx "1 passed, 0 failed" <<<"$out" || fail "unexpected output through the link: $out"
# A failing expect still fails: the launcher passes the exit status on.
printf 'machine m { arch x86_64\n ram 0x100000 .. 0x3fffffff }\nscenario "no" on m { expect 1 == 2 }\n' > "$work/elsewhere/bad.kmem"
set +e; run kmemlab check bad.kmem >/dev/null 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "a failing expect exited $rc, not 1"
# With its own runtime/ (-Dkmemlab.runtime=true) the launcher runs on it, whatever JAVA_HOME says.
if [ -d "$dist/runtime" ]; then
  [ -x "$dist/runtime/bin/java" ] || fail "runtime/ has no bin/java"
  props=$(run env KMEMLAB_JAVA_OPTS=-XshowSettings:properties kmemlab check small.kmem 2>&1) || fail "check on runtime/ failed: $props"
  grep -q "^ *java.home = $dist/runtime\$" <<<"$props" || fail "bin/kmemlab did not run on runtime/: $(grep java.home <<<"$props")"
fi
# Built on JDK 25+: the cache must match the unpacked jars (moved folder, tar's mtimes).
if [ -f "$dist/kmemlab.aot" ]; then
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  [ -d "$dist/runtime" ] && java="$dist/runtime/bin/java"   # the cache was made on it
  log=$(cd "$work/elsewhere" && "$java" --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -XX:AOTCache="$dist/kmemlab.aot" -XX:AOTMode=on -Xlog:aot=info -jar "$dist/kmemlab.jar" check small.kmem 2>&1) \
    || fail "the AOT cache does not match the unpacked archive: $(grep -i error <<<"$log" | head -3)"
  grep -q "Using AOT-linked classes: true" <<<"$log" || fail "the AOT cache was not used: $(grep -i aot <<<"$log" | head -5)"
  # picocli is Java 5 bytecode: in the cache only with the frames the build gives it (OldClassFrames.java)
  loaded=$(cd "$work/elsewhere" && "$java" --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -XX:AOTCache="$dist/kmemlab.aot" -Xlog:class+load=info -jar "$dist/kmemlab.jar" check small.kmem 2>&1)
  grep -q "picocli.CommandLine source: shared objects file" <<<"$loaded" \
    || fail "picocli's classes are not in the AOT cache: $(grep "picocli.CommandLine " <<<"$loaded" | head -1)"
fi
echo "archive test: $(basename "$archive") unpacked and checked a file from another directory"
