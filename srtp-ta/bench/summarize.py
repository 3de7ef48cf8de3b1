#!/usr/bin/env python3
"""Prints the comparison table of compare.sh from the files it wrote into one directory."""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])


def openssl_ops(name):
    """Operations per second from `openssl speed -mr` (+F lines give bytes per second)."""
    text = (out / name).read_text()
    size = int(re.search(r"^\+H:(\d+)", text, re.M).group(1))
    rate = float(re.search(r"^\+F:\d+:[^:]+:([\d.]+)", text, re.M).group(1))
    return rate / size, rate


def libsrtp_ops(name):
    text = (out / name).read_text()
    found = {}
    for op in ("protect", "unprotect"):
        found[op] = float(re.search(r"^libsrtp2 " + op + r" \S+: (\d+) ops/s", text, re.M).group(1))
    return found


aes_ops, aes_bytes = openssl_ops("openssl-aes-128-ctr.txt")
hmac_ops, hmac_bytes = openssl_ops("openssl-hmac-sha1.txt")
floor = {
    "AES_CM_128_HMAC_SHA1_80": 1 / (1 / aes_ops + 1 / hmac_ops),
    "NULL_HMAC_SHA1_80": hmac_ops,
}
libsrtp = {
    "AES_CM_128_HMAC_SHA1_80": libsrtp_ops("libsrtp-aes.txt"),
    "NULL_HMAC_SHA1_80": libsrtp_ops("libsrtp-null.txt"),
}
ours = {}
for result in json.loads((out / "jmh.json").read_text()):
    op = result["benchmark"].rsplit(".", 1)[1]
    profile = result["params"]["profile"]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    ours[(profile, op)] = (result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"], alloc)

print(f"OpenSSL AES-128-CTR, 160 bytes: {aes_ops / 1e6:.2f} M ops/s ({aes_bytes / 1e9:.2f} GB/s)")
print(f"OpenSSL HMAC-SHA1, 176 bytes:   {hmac_ops / 1e6:.2f} M ops/s ({hmac_bytes / 1e9:.2f} GB/s)")
print()
print("| profile | operation | ours (packets/s) | alloc B/packet | libsrtp2 (packets/s) | crypto floor (packets/s) | ours / floor | ours / libsrtp2 |")
print("|---|---|---|---|---|---|---|---|")
for profile in ("AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80"):
    for op in ("protect", "unprotect"):
        score, error, alloc = ours[(profile, op)]
        lib = libsrtp[profile][op]
        print(f"| {profile} | {op} | {score / 1e6:.3f} M ± {error / 1e6:.3f} | {alloc:.3f} | {lib / 1e6:.3f} M | "
              f"{floor[profile] / 1e6:.3f} M | {score / floor[profile]:.2f} | {score / lib:.2f} |")
