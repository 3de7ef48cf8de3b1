#!/bin/sh
# Our SRTP engine beside libsrtp2 (C harness, same packet shape) and the crypto floor (OpenSSL
# AES-128-CTR over the 160-byte payload plus HMAC-SHA1 over the 176 bytes an SRTP tag covers), one
# thread each, then the ratios as Markdown tables: per CPU second (SrtpCpuTimeProbe, the harness's
# thread CPU clock, openssl speed's default) and per wall-clock second (JMH SrtpContextBenchmark
# with -prof gc, the harness's monotonic clock, openssl speed -elapsed).
#
#   srtp-ta/bench/compare.sh            (needs gcc, openssl, libsrtp2-dev)
#
# Files go to srtp-ta/target/bench/. Short runs (3 x 2 s warm-up, 5 x 2 s measured): the machine is shared.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
out="$root/srtp-ta/target/bench"
mkdir -p "$out"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(java -version 2>&1 | head -1), $(openssl version)"

python3 "$bench/../../scripts/wait-for-jmh-lock.py"
for clock in cpu wall; do
    elapsed=""
    [ "$clock" = wall ] && elapsed="-elapsed"
    openssl speed $elapsed -seconds 2 -bytes 160 -evp aes-128-ctr -mr > "$out/openssl-aes-128-ctr-$clock.txt" 2>&1
    openssl speed $elapsed -seconds 2 -bytes 176 -hmac sha1 -mr > "$out/openssl-hmac-sha1-$clock.txt" 2>&1
done

cc -O2 -Wall -o "$out/libsrtp_bench" "$bench/libsrtp_bench.c" -lsrtp2
"$out/libsrtp_bench" aes 2 3 5 > "$out/libsrtp-aes.txt"
"$out/libsrtp_bench" null 2 3 5 > "$out/libsrtp-null.txt"
echo "$(head -1 "$out/libsrtp-aes.txt")"

"$bench/run.sh" SrtpContextBenchmark -prof gc -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1
java -cp "$root/srtp-ta/target/test-classes:$root/srtp-ta/target/classes:$(cat "$root/srtp-ta/target/bench-classpath.txt")" \
    org.secureta.srtp.crypto.SrtpCpuTimeProbe contexts 2 3 5 > "$out/cpu-probe.txt"

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$bench/summarize.py" "$out"
