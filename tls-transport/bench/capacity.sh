#!/bin/sh
# How many units (each its own SipUnit, TLS link and registration) one JVM holds against one
# Kamailio, with heap and threads per unit (UnitCapacityBenchmark). Extra arguments go to JMH.
set -e
cd "$(dirname "$0")/../.."
python3 scripts/wait-for-jmh-lock.py
mvn -B -o -q -pl tls-transport test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cd tls-transport
uptime
java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main UnitCapacityBenchmark "$@"
uptime
