#!/bin/sh
# Runs the srtp-ta JMH benchmarks (src/test/java/**/*Benchmark.java) from the test classpath,
# without shading or installing anything.
#
#   srtp-ta/bench/run.sh [JMH options and benchmark regexps]
#   srtp-ta/bench/run.sh SrtpContextBenchmark -prof gc
#
# Default options keep a run short on a shared machine: one fork, 3 x 2 s warm-up, 5 x 2 s measured.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cpfile="$root/srtp-ta/target/bench-classpath.txt"
# One reactor run, so that tls-transport resolves to its target/classes (nothing is installed).
mvn -B -o -q -pl srtp-ta -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp="$root/srtp-ta/target/test-classes:$root/srtp-ta/target/classes:$(cat "$cpfile")"
# The lock is held until JMH (and its forks) end: no other benchmark measures beside it.
# Each default applies unless the arguments give that option (JMH rejects an option given twice).
for default in -f:1 -wi:3 -w:2s -i:5 -r:2s; do
    given=no
    for arg in "$@"; do [ "$arg" = "${default%%:*}" ] && given=yes; done
    [ "$given" = no ] && set -- "${default%%:*}" "${default#*:}" "$@"
done
# The JMH forks inherit these options (jvm-opens: the fast paths of the SRTP engine, as the unit runs).
# shellcheck disable=SC2046
exec "$root/scripts/with-jmh-lock" java $("$root/srtp-ta/bench/jvm-opens") -cp "$cp" org.openjdk.jmh.Main "$@"
