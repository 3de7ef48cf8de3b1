#!/bin/sh
# Start to Registered over TLS: `ta run PROFILE` beside the floor of any JVM program doing the same
# registration (RegistrationFloor.java) and beside baresip, interleaved in rounds (issue 19).
#
#   bundles/bench/registered.sh [PROFILE] [ROUNDS]      (default: lab/ta1.profile, 8 rounds)
#
# PROFILE's registrar must be up: the README lab (its Kamailio on 127.0.0.1:25061 and lab/ta1.profile,
# whose home lab/ta1.home holds the lab CA after the README's first start) is what this was written
# for. The floor is compiled here and run with the launcher's client-compiler option and a class-data
# archive trained by one run of its own, so that it gets the same start-up help as the distribution.
# Everything measured runs under scripts/with-jmh-lock. Files go to bundles/target/bench-registered/.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
profile="${1:-$root/lab/ta1.profile}"
rounds="${2:-8}"
out="$root/bundles/target/bench-registered"
case "$rounds" in
    *[!0-9]* | "" | 0) echo "ROUNDS must be a whole number, not '$rounds'" >&2; exit 2 ;;
esac
[ -f "$profile" ] || { echo "no profile $profile (the README lab writes lab/ta1.profile)" >&2; exit 2; }

if [ -z "${SECURETA_REGISTERED_LOCKED:-}" ]; then
    # Build first, outside the lock: compiling is not measuring. `ta help` rebuilds the distribution
    # when a source is newer than it.
    "$root/ta" help > /dev/null
    rm -rf "$out"
    mkdir -p "$out"
    javac -d "$out/classes" "$bench/RegistrationFloor.java"
    # A jar: class-data sharing refuses a class path holding a non-empty directory.
    jar cf "$out/floor.jar" -C "$out/classes" .
    SECURETA_REGISTERED_LOCKED=1 exec "$root/scripts/with-jmh-lock" "$0" "$@"
fi

# The floor's own class-data archive, dumped at the end of one training registration.
python3 "$bench/registered.py" --train "$profile" "$out"
python3 "$bench/registered.py" "$root" "$profile" "$rounds" "$out" | tee "$out/summary.txt"
