#!/usr/bin/env bash
# Build step of the command line (phase package, after lib/ and kmemlab.jar exist):
#   1. lib/ unsigned (UnsignJars.java says why), and its Java 5 classes given stack map frames
#      (OldClassFrames.java says why; ASM, copied to build-tools/ by the build, does it);
#   2. when asked (-Dkmemlab.runtime=true), runtime/: a Java runtime of only the modules kmemlab
#      uses, linked by jlink from the build's JDK, so the archive needs no Java installed;
#   3. on JDK 25+, the AOT cache kmemlab.aot from a training run of `kmemlab check` (on runtime/
#      when there is one: a cache matches only the JVM that wrote it);
#   4. the distribution archive kmemlab-VERSION.tar.gz: bin/kmemlab, kmemlab.jar, lib/,
#      kmemlab.aot, runtime/, README.
# Arguments: JAVA_HOME of the build, target directory, version, skip-AOT (true|false),
# runtime (true|false).
set -euo pipefail
jhome=$1 target=$2 version=$3 skip_aot=${4:-false} runtime=${5:-false}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java="$jhome/bin/java"
train_java=$java   # the JVM the AOT cache is made on: the one bin/kmemlab will run

# The modules the command line needs: `jdeps --ignore-missing-deps --multi-release 25
# --print-module-deps target/lib/*.jar` prints the first six (java.sql brings java.logging and
# java.xml); jdk.zipfs and jdk.charsets are loaded by name (zip file systems, /proc files in
# other charsets), which jdeps cannot see. Recompute when a dependency is added.
runtime_modules=java.base,java.desktop,java.management,java.naming,java.sql,jdk.unsupported,jdk.zipfs,jdk.charsets
rm -rf "$target/runtime"
if [ "$runtime" = true ]; then
  # JDK 24+ links from its own run-time image when it has no jmods/ (JEP 493), if it was built
  # with --enable-linkable-runtime (Temurin 25 is); an older JDK needs its jmods/ folder.
  "$jhome/bin/jlink" --add-modules "$runtime_modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output "$target/runtime" > "$target/jlink.log" 2>&1 \
    || { cat "$target/jlink.log" >&2; echo "jlink could not make runtime/ from $jhome (it needs jmods/, or a JDK 24+ built" \
         "with --enable-linkable-runtime); build without -Dkmemlab.runtime=true" >&2; exit 1; }
  train_java="$target/runtime/bin/java"
fi

"$java" "$src/build/UnsignJars.java" "$target/lib"
"$java" -cp "$(ls "$target"/build-tools/asm-*.jar | head -1)" "$src/build/OldClassFrames.java" "$target/lib"

prop() { "$java" -XshowSettings:properties -version 2>&1 | sed -n "s/^ *$1 = //p"; }
major=$(prop java.specification.version)
rm -f "$target/kmemlab.aot"
if [ "$major" -ge 25 ] && [ "$skip_aot" != true ]; then
  # The launcher's flags for check (src/dist/kmemlab.sh). The jar's path is absolute, so the
  # cache still matches when the whole folder is moved (JDK 25 relocates an app class path).
  "$train_java" --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dguice_bytecode_gen_option=DISABLED \
    -XX:AOTCacheOutput="$target/kmemlab.aot" -Xlog:aot*=off -Xlog:cds*=off \
    -jar "$target/kmemlab.jar" check "$src/aot/training.kmem" > "$target/aot-training.log" 2>&1 \
    || { cat "$target/aot-training.log" >&2; echo "AOT training run failed (log above)" >&2; exit 1; }
  [ -f "$target/kmemlab.aot" ] || { cat "$target/aot-training.log" >&2; echo "no AOT cache written" >&2; exit 1; }
fi

name="kmemlab-$version"
stage="$target/dist/$name"
rm -rf "$target/dist"; mkdir -p "$stage/bin"
cp -p "$src/dist/kmemlab.sh" "$stage/bin/kmemlab"; chmod 755 "$stage/bin/kmemlab"
# cp -p and tar keep the jars' modification times, which the AOT cache checks.
cp -p "$target/kmemlab.jar" "$stage/"
cp -rp "$target/lib" "$stage/lib"
[ -d "$target/runtime" ] && cp -rp "$target/runtime" "$stage/runtime"
[ -f "$target/kmemlab.aot" ] && cp -p "$target/kmemlab.aot" "$stage/"
if [ -d "$stage/runtime" ]; then
  needs="It brings its own Java runtime (runtime/, $(prop java.vendor) $(prop java.runtime.version),
only the modules kmemlab uses): bin/kmemlab runs on it and needs no Java installed."
else
  needs="It needs Java 21 or newer: \$JAVA_HOME/bin/java, else java on PATH."
fi
if [ -f "$stage/kmemlab.aot" ] && [ -d "$stage/runtime" ]; then
  aot="kmemlab.aot is an AOT cache that makes start-up faster, made for runtime/."
elif [ -f "$stage/kmemlab.aot" ]; then
  jdk="$(prop java.vendor) $(prop java.runtime.version) (Java $major)"
  aot="kmemlab.aot is an AOT cache that makes start-up faster. It works only with the JDK this
archive was built on: $jdk. With any other Java 21 or newer,
kmemlab ignores it and runs the same, only its start-up is slower."
else
  aot="This archive was built without an AOT cache (built on Java $major, or with it switched off);
start-up is slower than with one. Build on JDK 25+ for one."
fi
cat > "$stage/README" <<TXT
kmemlab $version: the command line of kmemlab, a memory debugger for Linux physical memory.

Put it on PATH (bin/kmemlab finds its files from wherever it is linked or called from):
    ln -s "\$PWD/bin/kmemlab" ~/.local/bin/kmemlab      # or: export PATH="\$PWD/bin:\$PATH"
then: kmemlab check FILE|DIR...    kmemlab run FILE    kmemlab --help

$needs
KMEMLAB_JAVA_OPTS adds JVM options (e.g. -Xmx8g).

$aot
TXT
tar -C "$target/dist" -czf "$target/$name.tar.gz" "$name"
echo "archive: $target/$name.tar.gz ($(du -h "$target/$name.tar.gz" | cut -f1))"
