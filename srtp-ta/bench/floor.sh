#!/bin/sh
# Our SRTP/SRTCP engine against the crypto floor of this core, measured in the same run:
# SrtpFloorBenchmark's AES-128-CTR keystream rate (the payload, a Cipher initialised once) and SHA-1
# block rate (64-byte updates of a MessageDigest), both on the JDK's intrinsics. Floor of one packet
# = 1 AES-CTR of its payload + the SHA-1 blocks of an HMAC with precomputed pad states (inner
# ceil((authenticated + 9) / 64), outer 1); summarize.py prints ours / floor.
#
#   srtp-ta/bench/floor.sh
#   ROUNDS=9 SECONDS_PER=1 srtp-ta/bench/floor.sh
#   SRTP_FAST_PATHS=off srtp-ta/bench/floor.sh     (without the --add-opens: the fallback paths)
#
# Two measurements, one lock (scripts/with-jmh-lock) around both:
# 1. per CPU second (SrtpCpuTimeProbe floor): ROUNDS rounds, each running every operation (ours:
#    SRTP and SRTCP protect and unprotect, both profiles; the floor probes) for SECONDS_PER seconds,
#    the order rotating from round to round; every ratio is taken inside one round, figures seconds
#    apart, with the round's load average.
# 2. JMH (per wall-clock second, -prof gc for the bytes allocated per packet): SrtpContextBenchmark
#    and SrtpFloorBenchmark in one run; scores whose error exceeds half of them are marked as noise.
# Files go to srtp-ta/target/bench-floor/.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
out="$root/srtp-ta/target/bench-floor"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER:-1}"

if [ -z "${SECURETA_FLOOR_LOCKED:-}" ]; then
    # Build first, outside the lock: compiling is not measuring.
    rm -rf "$out"
    mkdir -p "$out"
    cpfile="$root/srtp-ta/target/bench-classpath.txt"
    (cd "$root" && mvn -B -o -q -pl srtp-ta -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile")
    SECURETA_FLOOR_LOCKED=1 exec "$root/scripts/with-jmh-lock" "$0" "$@"
fi

cp="$root/srtp-ta/target/test-classes:$root/srtp-ta/target/classes:$(cat "$root/srtp-ta/target/bench-classpath.txt")"
opens=$("$bench/jvm-opens")
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -1), java options: ${opens:-none}; $rounds interleaved rounds of ${seconds} s per operation after 2 warm-up rounds"
} > "$out/floor-probe.txt"
cat "$out/floor-probe.txt"
# shellcheck disable=SC2086 # $opens is a list of options
java $opens -cp "$cp" org.secureta.srtp.crypto.SrtpCpuTimeProbe floor "$seconds" 2 "$rounds" >> "$out/floor-probe.txt"
echo "# CPU-time rounds done, load $(cut -d' ' -f1-3 /proc/loadavg)"
# run.sh takes the lock again: with-jmh-lock sees it already held by this run and goes on.
"$bench/run.sh" 'SrtpContextBenchmark|SrtpFloorBenchmark' -wi 3 -w 1s -i 5 -r 1s -prof gc \
    -rf json -rff "$out/floor-jmh.json" > "$out/floor-jmh.txt" 2>&1
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/floor-probe.txt"
python3 "$bench/summarize.py" "$out"
