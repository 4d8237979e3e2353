#!/usr/bin/env bash
# Builds examples/user-project, a user's own Maven project whose .kmem scenarios run as JUnit
# tests through the kmemlab engine, offline, against the engine artifact the main build left in
# releng/io.kmemlab.junit.maven/target/repository (a local-repository layout, chained after the
# usual one with maven.repo.local.tail). Then checks its Surefire report: every scenario is a
# test named "NAME (FILE:LINE)" whose class name is its scenario file.
# Run by scripts/test.sh after the main build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. scripts/jdk.sh
repo="$root/releng/io.kmemlab.junit.maven/target/repository"
[ -f "$repo/io/kmemlab/kmemlab-junit/0.1.0-SNAPSHOT/kmemlab-junit-0.1.0-SNAPSHOT.jar" ] \
  || { echo "kmemlab: $repo has no engine artifact: run the main build first" >&2; exit 2; }
project=examples/user-project
echo "== examples/user-project: mvn -o test (scenarios as JUnit tests)"
rm -rf "$project/target"
# Offline first (everything is usually in the local repository after the main build); on a fresh
# machine the plain Maven plugins of a user's build may be missing, so fetch them then.
if ! ./mvnw -B -o -f "$project/pom.xml" -Dmaven.repo.local.tail="$repo" test; then
  echo "== examples/user-project: offline build failed; retrying online (plugins a plain Maven build needs)"
  rm -rf "$project/target"
  ./mvnw -B -f "$project/pom.xml" -Dmaven.repo.local.tail="$repo" test
fi

report="$project/target/surefire-reports/TEST-io.kmemlab.junit.KmemScenariosTest.xml"
[ -f "$report" ] || { echo "kmemlab: no Surefire report $report" >&2; exit 1; }
missing=0 count=0
while IFS= read -r file; do
  rel=${file#"$project"/}
  while IFS=: read -r line name; do
    count=$((count + 1))
    if ! grep -qF "<testcase name=\"$name ($rel:$line)\" classname=\"$rel\"" "$report"; then
      echo "kmemlab: $report does not list scenario \"$name\" ($rel:$line) as a test of $rel" >&2
      missing=1
    fi
  done < <(grep -n '^scenario "' "$file" | sed -E 's/^([0-9]+):scenario "([^"]*)".*/\1:\2/')
done < <(find "$project/src/test/kmem" -name '*.kmem' | sort)
[ "$missing" -eq 0 ] || exit 1
echo "== examples/user-project: the Surefire report lists all $count scenarios, each with its file as its class"
