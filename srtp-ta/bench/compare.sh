#!/bin/sh
# Our SRTP engine beside libsrtp2 (C harness, same packet shape) and openssl speed (AES-128-CTR over
# the 160-byte payload plus HMAC-SHA1 over the 176 bytes an SRTP tag covers), one thread each. The
# openssl figure is a reference, not the crypto floor: `openssl speed -hmac` sets the HMAC key up on
# every message, which an SRTP context does once per key.
#
#   srtp-ta/bench/compare.sh            (needs gcc, openssl, libsrtp2-dev)
#   ROUNDS=7 SECONDS_PER=2 srtp-ta/bench/compare.sh
#
# On a shared machine the load changes from minute to minute, so the three are interleaved: ROUNDS
# (default 5) short rounds, each measuring ours (SrtpCpuTimeProbe), libsrtp2 and openssl speed one
# after the other (the order rotating from round to round), with the load average of each round.
# summarize.py prints the ratio of every round and the median ratio: a ratio is only taken between
# figures measured seconds apart. The JMH run (per wall-clock second, with -prof gc for the bytes
# allocated per packet) follows the rounds; its error bars are printed and a score whose error
# exceeds half of it is reported as noise. Everything measured runs under scripts/with-jmh-lock.
#
# Files go to srtp-ta/target/bench/.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
out="$root/srtp-ta/target/bench"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER:-1}"
case "$seconds" in
    *[!0-9]* | "" | 0) echo "SECONDS_PER must be a whole number of seconds (openssl speed takes no fractions), not '$seconds'" >&2; exit 2 ;;
esac

if [ -z "${SECURETA_COMPARE_LOCKED:-}" ]; then
    # Build first, outside the lock: compiling is not measuring.
    mkdir -p "$out"
    rm -rf "$out"/round-*
    cpfile="$root/srtp-ta/target/bench-classpath.txt"
    (cd "$root" && mvn -B -o -q -pl srtp-ta -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile")
    cc -O2 -Wall -o "$out/libsrtp_bench" "$bench/libsrtp_bench.c" -lsrtp2
    SECURETA_COMPARE_LOCKED=1 exec "$root/scripts/with-jmh-lock" "$0" "$@"
fi

cp="$root/srtp-ta/target/test-classes:$root/srtp-ta/target/classes:$(cat "$root/srtp-ta/target/bench-classpath.txt")"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(java -version 2>&1 | head -1), $(openssl version), $rounds interleaved rounds of 1 x ${seconds} s warm-up + 2 x ${seconds} s measured per figure"

ours() {
    # shellcheck disable=SC2046
    java $("$bench/jvm-opens") -cp "$cp" org.secureta.srtp.crypto.SrtpCpuTimeProbe contexts "$seconds" 1 2 > "$1/cpu-probe.txt"
}
libsrtp2() {
    "$out/libsrtp_bench" aes "$seconds" 1 2 > "$1/libsrtp-aes.txt"
    "$out/libsrtp_bench" null "$seconds" 1 2 > "$1/libsrtp-null.txt"
}
floor() {
    for clock in cpu wall; do
        elapsed=""
        [ "$clock" = wall ] && elapsed="-elapsed"
        openssl speed $elapsed -seconds "$seconds" -bytes 160 -evp aes-128-ctr -mr > "$1/openssl-aes-128-ctr-$clock.txt" 2>&1
        openssl speed $elapsed -seconds "$seconds" -bytes 176 -hmac sha1 -mr > "$1/openssl-hmac-sha1-$clock.txt" 2>&1
    done
}

r=1
while [ "$r" -le "$rounds" ]; do
    dir="$out/round-$r"
    mkdir -p "$dir"
    cut -d' ' -f1-3 /proc/loadavg > "$dir/load-before.txt"
    # Rotate the order so that no one of the three always runs first (or right after the JVM).
    case $((r % 3)) in
        1) ours "$dir"; libsrtp2 "$dir"; floor "$dir" ;;
        2) libsrtp2 "$dir"; floor "$dir"; ours "$dir" ;;
        0) floor "$dir"; ours "$dir"; libsrtp2 "$dir" ;;
    esac
    cut -d' ' -f1-3 /proc/loadavg > "$dir/load-after.txt"
    echo "# round $r done, load $(cat "$dir/load-after.txt")"
    r=$((r + 1))
done

# run.sh takes the lock again: with-jmh-lock sees it already held by this run and goes on.
"$bench/run.sh" SrtpContextBenchmark -prof gc -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$bench/summarize.py" "$out"
