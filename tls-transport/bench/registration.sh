#!/bin/sh
# Registration over TLS against a real Kamailio (RegistrationBenchmark): time to Registered and
# REGISTER transactions per second over one link. Extra arguments go to JMH.
set -e
cd "$(dirname "$0")/../.."
# One reactor run (-am): the modules tls-transport needs (proxy-kit) resolve to their target/classes,
# nothing is installed.
mvn -B -o -q -pl tls-transport -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/tls-transport/target/cp.txt"
cd tls-transport
# The lock is held around the whole measurement (load before, JMH, load after).
exec ../scripts/with-jmh-lock sh -c 'uptime; java -cp "$0" org.openjdk.jmh.Main RegistrationBenchmark "$@"; rc=$?; uptime; exit $rc' \
    "target/test-classes:target/classes:$(cat target/cp.txt)" "$@"
