#!/bin/sh
# Runs the MIKEY JMH benchmark (srtp-ta/src/test/java/.../mikey/MikeyBenchmark.java).
# Extra arguments go to JMH, replacing the defaults below; for example: bench/mikey.sh -f1 -i 10
set -eu
module_dir=$(cd "$(dirname "$0")/.." && pwd)
root_dir=$(cd "$module_dir/.." && pwd)
cd "$root_dir"

# Compile main and test classes (the JMH annotation processor writes META-INF/BenchmarkList)
# and write the test classpath of srtp-ta; -o: offline, from the local repository.
mvn -B -o -q -pl srtp-ta -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt

classpath="$module_dir/target/test-classes:$module_dir/target/classes:$(cat "$module_dir/target/jmh-classpath.txt")"
if [ "$#" -eq 0 ]; then
    set -- -f1 -wi 3 -w 2s -i 5 -r 2s
fi
# The lock is held until JMH (and its forks) end: no other benchmark measures beside it.
exec "$root_dir/scripts/with-jmh-lock" java -cp "$classpath" org.openjdk.jmh.Main MikeyBenchmark "$@"
