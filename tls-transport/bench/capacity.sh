#!/bin/sh
# How many units (each its own SipUnit, TLS link and registration) one JVM holds against one
# Kamailio, with heap, threads and idle CPU per unit (UnitCapacityBenchmark). Extra arguments go
# to JMH, e.g. -p units=5000.
set -e
# Every unit holds two descriptors (its TLS link, its listening socket), Kamailio one per link:
# raise the soft limit as far as the hard one allows. Threads: two per unit, within pid_max.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$(dirname "$0")/../.."
# One reactor run (-am): the modules tls-transport needs (proxy-kit) resolve to their target/classes,
# nothing is installed.
mvn -B -o -q -pl tls-transport -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/tls-transport/target/cp.txt"
cd tls-transport
# The lock is held around the whole measurement (load before, JMH, load after).
exec ../scripts/with-jmh-lock sh -c 'uptime; java -cp "$0" org.openjdk.jmh.Main UnitCapacityBenchmark -to 60m "$@"; rc=$?; uptime; exit $rc' \
    "target/test-classes:target/classes:$(cat target/cp.txt)" "$@"
