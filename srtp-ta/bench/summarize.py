#!/usr/bin/env python3
"""Prints the comparison tables of compare.sh from the files it wrote into one directory."""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
PROFILES = ("AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80")
OPERATIONS = ("protect", "unprotect")


def openssl_ops(name):
    """Operations per second from `openssl speed -mr` (+F lines give bytes per second)."""
    text = (out / name).read_text()
    size = int(re.search(r"^\+H:(\d+)", text, re.M).group(1))
    rate = float(re.search(r"^\+F:\d+:[^:]+:([\d.]+)", text, re.M).group(1))
    return rate / size


def floor(clock):
    aes = openssl_ops(f"openssl-aes-128-ctr-{clock}.txt")
    hmac = openssl_ops(f"openssl-hmac-sha1-{clock}.txt")
    # AES-CM encrypts the 160-byte payload, HMAC-SHA1 covers header, payload and ROC (176 bytes).
    return {"AES_CM_128_HMAC_SHA1_80": 1 / (1 / aes + 1 / hmac), "NULL_HMAC_SHA1_80": hmac}, aes, hmac


def libsrtp(profile):
    text = (out / ("libsrtp-aes.txt" if profile.startswith("AES") else "libsrtp-null.txt")).read_text()
    found = {}
    for op in OPERATIONS:
        m = re.search(r"^libsrtp2 " + op + r" \S+: (\d+) ops/s cpu, (\d+) ops/s wall", text, re.M)
        found[op] = {"cpu": float(m.group(1)), "wall": float(m.group(2))}
    return found


def ours_cpu():
    text = (out / "cpu-probe.txt").read_text()
    return {(m.group(2), m.group(1)): float(m.group(3))
            for m in re.finditer(r"^ours (\w+) (\S+): ([\d.]+) ops/s cpu", text, re.M)}


floor_cpu, aes_cpu, hmac_cpu = floor("cpu")
floor_wall, aes_wall, hmac_wall = floor("wall")
lib = {p: libsrtp(p) for p in PROFILES}
cpu = ours_cpu()
jmh = {}
for result in json.loads((out / "jmh.json").read_text()):
    op = result["benchmark"].rsplit(".", 1)[1]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    jmh[(result["params"]["profile"], op)] = (result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"], alloc)


def m(value):
    return f"{value / 1e6:.3f} M"


print(f"OpenSSL, per CPU second: AES-128-CTR at 160 bytes {m(aes_cpu)} ops/s, HMAC-SHA1 at 176 bytes {m(hmac_cpu)} ops/s")
print(f"OpenSSL, per wall second: AES-128-CTR at 160 bytes {m(aes_wall)} ops/s, HMAC-SHA1 at 176 bytes {m(hmac_wall)} ops/s")
print()
print("Per CPU second (robust to the load of other processes):")
print()
print("| profile | operation | ours (packets/s) | libsrtp2 (packets/s) | crypto floor (packets/s) | ours / floor | ours / libsrtp2 |")
print("|---|---|---|---|---|---|---|")
for p in PROFILES:
    for op in OPERATIONS:
        ours = cpu[(p, op)]
        print(f"| {p} | {op} | {m(ours)} | {m(lib[p][op]['cpu'])} | {m(floor_cpu[p])} | "
              f"{ours / floor_cpu[p]:.2f} | {ours / lib[p][op]['cpu']:.2f} |")
print()
print("Per wall-clock second (JMH, with gc.alloc.rate.norm):")
print()
print("| profile | operation | ours JMH (packets/s) | bytes allocated per packet | libsrtp2 (packets/s) | crypto floor (packets/s) | ours / floor | ours / libsrtp2 |")
print("|---|---|---|---|---|---|---|---|")
for p in PROFILES:
    for op in OPERATIONS:
        score, error, alloc = jmh[(p, op)]
        print(f"| {p} | {op} | {m(score)} ± {error / 1e6:.3f} | {alloc:.3f} | {m(lib[p][op]['wall'])} | {m(floor_wall[p])} | "
              f"{score / floor_wall[p]:.2f} | {score / lib[p][op]['wall']:.2f} |")
