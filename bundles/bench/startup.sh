#!/usr/bin/env bash
# Measures the cold start of a unit (framework creation to all bundles active) with JMH,
# one measurement per fresh JVM. Usage: bundles/bench/startup.sh [extra JMH options]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -DskipTests package
mvn -B -q -pl bundles -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bundles/target/test-classes:bundles/target/classes:$(cat bundles/target/bench.classpath)"
# The lock is held until JMH (and its forks) end: no other benchmark measures beside it.
exec "$root/scripts/with-jmh-lock" java -cp "$cp" -Dsecureta.dist="$root/bundles/target/secureta" org.openjdk.jmh.Main \
  -jvmArgs "-Dsecureta.dist=$root/bundles/target/secureta" ContainerStartupBenchmark "$@"
