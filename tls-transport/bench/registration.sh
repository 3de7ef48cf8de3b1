#!/bin/sh
# Registration over TLS against a real Kamailio (RegistrationBenchmark): time to Registered and
# REGISTER transactions per second over one link. Extra arguments go to JMH.
set -e
cd "$(dirname "$0")/../.."
python3 scripts/wait-for-jmh-lock.py
mvn -B -o -q -pl tls-transport test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cd tls-transport
uptime
java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main RegistrationBenchmark "$@"
uptime
