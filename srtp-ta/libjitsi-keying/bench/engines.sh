#!/bin/sh
# The two media engines compared (issue 16): JMH MediaEngineBenchmark of srtp-ta/libjitsi-keying,
# CPU per call-second (aux counter cpuMsPerCallSecond) and allocation (-prof gc, per call-second of
# 102 packets), from the test classpath without shading or installing anything.
#
#   srtp-ta/libjitsi-keying/bench/engines.sh [JMH options]      (default: -prof gc)
set -eu
module=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$module/../.." && pwd)
cd "$root"
cpfile="$module/target/bench-classpath.txt"
# One reactor run, so that srtp-ta and tls-transport resolve to their target/classes (nothing is installed).
mvn -B -o -q -pl srtp-ta/libjitsi-keying -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp="$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"
if [ "$#" -eq 0 ]; then
    set -- -prof gc
fi
# The lock is held until JMH (and its fork) end: no other benchmark measures beside it. uptime: the load, before and after.
exec "$root/scripts/with-jmh-lock" sh -c 'uptime; java -cp "$0" org.openjdk.jmh.Main MediaEngineBenchmark "$@"; rc=$?; uptime; exit $rc' "$cp" "$@"
