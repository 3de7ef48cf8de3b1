#!/bin/sh
# Secure call set-up, ours beside baresip, through the same Kamailio harness over TLS (issue 19).
#
#   srtp-ta/bench/calls.sh                        (needs kamailio, kamailio-tls-modules, baresip-core, cc)
#   ROUNDS=7 SECONDS_PER=2 srtp-ta/bench/calls.sh
#   WARMUPS=10 srtp-ta/bench/calls.sh             (more warm-up iterations: our JIT goes on compiling for thousands of calls)
#
# Three figures, each a JMH SampleTime run (every call timed; mean with its 99.9 % error, median):
#   ours      CallSetupBenchmark, keyManagement=Sdes: CallAgent.call() to the caller's CALL
#             Connected event (posted after the ACK went out and the SRTP media started);
#   baresip   BaresipCallSetupBenchmark, tcp=NoDelay: the caller's ctrl_tcp "dial" to its
#             CALL_ESTABLISHED event (raised on the 200 OK, after its ACK and media start), both
#             baresips with nodelay_shim.so preloaded (TCP_NODELAY, as our unit's SIP sockets);
#   stock     the same with baresip as Debian ships it (Nagle on: its 200 OK waits ~40 ms behind
#             its 180 for Kamailio's delayed ACK).
# Two units (ours) or two baresips, each registered over TLS with its own Kamailio 5.6 started by
# the trial (same harness, same configuration), SDES AES_CM_128_HMAC_SHA1_80, PCMU, auto-answer.
#
# The machine is shared, so the figures are interleaved: ROUNDS (default 5) rounds, each running
# the three one after the other (order rotating), with the load average of each round. A ratio is
# only taken inside a round; the summary is the median of the per-round medians and ratios. A score
# whose error exceeds half of it is marked noise (docs/benchmarks.md). Everything measured runs
# under scripts/with-jmh-lock. Files go to srtp-ta/target/bench-calls/.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
out="$root/srtp-ta/target/bench-calls"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER:-3}"
warmups="${WARMUPS:-5}"
case "$seconds" in
    *[!0-9]* | "" | 0) echo "SECONDS_PER must be a whole number of seconds, not '$seconds'" >&2; exit 2 ;;
esac
case "$warmups" in
    *[!0-9]* | "") echo "WARMUPS must be a whole number of iterations, not '$warmups'" >&2; exit 2 ;;
esac

if [ -z "${SECURETA_CALLS_LOCKED:-}" ]; then
    # Build first, outside the lock: compiling is not measuring.
    mkdir -p "$out"
    rm -rf "$out"/round-*
    cpfile="$root/srtp-ta/target/bench-classpath.txt"
    (cd "$root" && mvn -B -o -q -pl srtp-ta -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile")
    cc -O2 -Wall -shared -fPIC -o "$out/nodelay_shim.so" "$bench/nodelay_shim.c" -ldl
    SECURETA_CALLS_LOCKED=1 exec "$root/scripts/with-jmh-lock" "$0" "$@"
fi

cd "$root"
cp="$root/srtp-ta/target/test-classes:$root/srtp-ta/target/classes:$(cat "$root/srtp-ta/target/bench-classpath.txt")"
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -1), $(/usr/sbin/kamailio -v 2>/dev/null | head -1), $(dpkg-query -W -f='baresip-core ${Version}' baresip-core 2>/dev/null)"
    echo "# $rounds interleaved rounds; per figure one fork, $warmups x ${seconds} s warm-up + 3 x ${seconds} s measured (JMH SampleTime)"
} | tee "$out/header.txt"

jmh() {
    # $1 round directory, $2 figure name, then the benchmark regexp and its options.
    dir=$1 name=$2
    shift 2
    # shellcheck disable=SC2046
    java $("$bench/jvm-opens") -cp "$cp" org.openjdk.jmh.Main "$@" -f 1 -wi "$warmups" -w "${seconds}s" -i 3 -r "${seconds}s" \
        -jvmArgsAppend "-Dsecureta.bench.nodelayShim=$out/nodelay_shim.so" \
        -rf json -rff "$dir/$name.json" > "$dir/$name.txt" 2>&1 || echo "# $name failed in $dir, see $dir/$name.txt"
}
ours() { jmh "$1" ours '\.CallSetupBenchmark\.secureCallSetUp' -p keyManagement=Sdes; }
baresip() { jmh "$1" baresip 'BaresipCallSetupBenchmark' -p tcp=NoDelay; }
stock() { jmh "$1" stock 'BaresipCallSetupBenchmark' -p tcp=Nagle; }

r=1
while [ "$r" -le "$rounds" ]; do
    dir="$out/round-$r"
    mkdir -p "$dir"
    cut -d' ' -f1-3 /proc/loadavg > "$dir/load-before.txt"
    date -u '+%H:%M:%S' > "$dir/time.txt"
    case $((r % 3)) in
        1) ours "$dir"; baresip "$dir"; stock "$dir" ;;
        2) baresip "$dir"; stock "$dir"; ours "$dir" ;;
        0) stock "$dir"; ours "$dir"; baresip "$dir" ;;
    esac
    cut -d' ' -f1-3 /proc/loadavg > "$dir/load-after.txt"
    echo "# round $r done at $(date -u '+%H:%M:%S'), load $(cat "$dir/load-after.txt")"
    r=$((r + 1))
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$bench/summarize_calls.py" "$out" | tee "$out/summary.txt"
