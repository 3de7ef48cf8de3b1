#!/usr/bin/env python3
"""Prints the comparison tables of compare.sh, or of floor.sh, from the files it wrote into one directory.

floor.sh (floor-probe.txt, floor-jmh.json): ours against the crypto floor measured in the same run,
per round, ours / floor in every round and the median; see floor_tables().

compare.sh interleaves ours, libsrtp2 and openssl in rounds (round-1/, round-2/, ...): a ratio is
only ever taken inside one round, between figures measured seconds apart under the same load, and
the summary is the median of the per-round ratios. JMH scores are printed with their error bars;
a score whose error exceeds half of it is marked as noise and no ratio is computed from it.
"""
import json
import re
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
PROFILES = ("AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80")
OPERATIONS = ("protect", "unprotect")


def is_noise(score, error):
    """A figure whose 99.9 % confidence half-width exceeds half of it says nothing about the code."""
    return error != error or error > score / 2  # error != error: JMH writes NaN for a single iteration


def openssl_ops(path):
    """Operations per second from `openssl speed -mr` (+F lines give bytes per second)."""
    text = path.read_text()
    size = int(re.search(r"^\+H:(\d+)", text, re.M).group(1))
    rate = float(re.search(r"^\+F:\d+:[^:]+:([\d.]+)", text, re.M).group(1))
    return rate / size


def floor(directory, clock):
    aes = openssl_ops(directory / f"openssl-aes-128-ctr-{clock}.txt")
    hmac = openssl_ops(directory / f"openssl-hmac-sha1-{clock}.txt")
    # AES-CM encrypts the 160-byte payload, HMAC-SHA1 covers header, payload and ROC (176 bytes).
    # openssl speed -hmac sets the HMAC key up for every message, so this is a lower bound of the
    # floor, not the floor itself (issue 19): ours / floor above 1 is possible.
    return {"AES_CM_128_HMAC_SHA1_80": 1 / (1 / aes + 1 / hmac), "NULL_HMAC_SHA1_80": hmac}, aes, hmac


def libsrtp(directory, profile):
    text = (directory / ("libsrtp-aes.txt" if profile.startswith("AES") else "libsrtp-null.txt")).read_text()
    found = {}
    for op in OPERATIONS:
        m = re.search(r"^libsrtp2 " + op + r" \S+: (\d+) ops/s cpu, (\d+) ops/s wall", text, re.M)
        found[op] = {"cpu": float(m.group(1)), "wall": float(m.group(2))}
    return found


def ours_cpu(directory):
    text = (directory / "cpu-probe.txt").read_text()
    return {(m.group(2), m.group(1)): float(m.group(3))
            for m in re.finditer(r"^ours (\w+) (\S+): ([\d.]+) ops/s cpu", text, re.M)}


def m(value):
    return f"{value / 1e6:.3f} M"


def spread(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f} to {max(values):.2f})"


FLOOR_OPERATIONS = ("protect", "unprotect", "rtcpProtect", "rtcpUnprotect")
# Bytes an SRTP/SRTCP tag covers in SrtpContextBenchmark's packets: the 172-byte RTP packet and its
# ROC, the 80-byte RTCP packet and E || SRTCP index.
AUTHENTICATED = {"protect": 176, "unprotect": 176, "rtcpProtect": 84, "rtcpUnprotect": 84}
AES_PROBE = {"protect": "aesCtrRtpPayload", "unprotect": "aesCtrRtpPayload",
             "rtcpProtect": "aesCtrRtcpPayload", "rtcpUnprotect": "aesCtrRtcpPayload"}


def sha1_blocks(authenticated):
    """HMAC-SHA1 with precomputed pad states: inner blocks (message + 0x80 + 64-bit length), outer 1."""
    return -(-(authenticated + 9) // 64) + 1


def floor_rate(profile, op, aes, sha1):
    """Packets per second if a packet cost nothing but its AES-CTR keystream and its SHA-1 blocks."""
    seconds = sha1_blocks(AUTHENTICATED[op]) / sha1[op] if isinstance(sha1, dict) else sha1_blocks(AUTHENTICATED[op]) / sha1
    if profile.startswith("AES"):
        seconds += 1 / aes[AES_PROBE[op]]
    return 1 / seconds


def floor_tables(directory):
    text = (directory / "floor-probe.txt").read_text()
    for line in text.splitlines():
        if line.startswith("#"):
            print(line)
    rounds = {}
    for match in re.finditer(r"^round (\d+) (ours|floor) (\S+)(?: (\S+))?: ([\d.]+) ops/s cpu", text, re.M):
        r = rounds.setdefault(int(match.group(1)), {"ours": {}, "floor": {}})
        if match.group(2) == "ours":
            r["ours"][(match.group(4), match.group(3))] = float(match.group(5))
        else:
            r["floor"][match.group(3)] = float(match.group(5))
    for match in re.finditer(r"^round (\d+) load (\S+) to (\S+)", text, re.M):
        rounds[int(match.group(1))]["load"] = f"{match.group(2)} to {match.group(3)}"
    if not rounds:
        sys.exit(f"no rounds in {directory / 'floor-probe.txt'}")
    print()
    print("Per CPU second, interleaved rounds: ours, and ours / floor of the same round (floor = 1 AES-CTR of the payload "
          "+ the SHA-1 blocks of HMAC with precomputed pads; load = 1-minute load average before to after the round):")
    print()
    columns = [(p, op) for p in PROFILES for op in FLOOR_OPERATIONS]
    print("| round | load | AES-CTR 160 B | AES-CTR 72 B | SHA-1 block | " + " | ".join(f"{p} {op}" for p, op in columns) + " |")
    print("|---|---|---|---|---|" + "---|" * len(columns))
    ratios = {c: [] for c in columns}
    ours_all = {c: [] for c in columns}
    floors = {c: [] for c in columns}
    for n in sorted(rounds):
        r = rounds[n]
        cells = []
        for p, op in columns:
            fl = floor_rate(p, op, r["floor"], r["floor"]["sha1Block"])
            ours = r["ours"][(p, op)]
            ratios[(p, op)].append(ours / fl)
            ours_all[(p, op)].append(ours)
            floors[(p, op)].append(fl)
            cells.append(f"{m(ours)}: {ours / fl:.2f}")
        print(f"| {n} | {r.get('load', '?')} | {m(r['floor']['aesCtrRtpPayload'])} | {m(r['floor']['aesCtrRtcpPayload'])} | "
              f"{m(r['floor']['sha1Block'])} | " + " | ".join(cells) + " |")
    print()
    print(f"Medians over {len(rounds)} rounds (min to max in brackets):")
    print()
    print("| profile | operation | SHA-1 blocks | ours (packets/s) | floor (packets/s) | ours / floor |")
    print("|---|---|---|---|---|---|")
    for p, op in columns:
        print(f"| {p} | {op} | {sha1_blocks(AUTHENTICATED[op])} | {m(statistics.median(ours_all[(p, op)]))} | "
              f"{m(statistics.median(floors[(p, op)]))} | {spread(ratios[(p, op)])} |")
    jmh_file = directory / "floor-jmh.json"
    if not jmh_file.exists():
        return
    ours, probes = {}, {}
    for result in json.loads(jmh_file.read_text()):
        cls, op = result["benchmark"].rsplit(".", 2)[-2:]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        entry = (result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"], alloc)
        if cls == "SrtpFloorBenchmark":
            probes[op] = entry
        else:
            ours[(result["params"]["profile"], op)] = entry
    print()
    print("Per wall-clock second (JMH, ours and the floor probes in one run, 99.9 % error bars, gc.alloc.rate.norm; "
          "'noise': error above half the score, no ratio taken):")
    print()
    print("| floor probe | JMH (ops/s) | bytes allocated per op |")
    print("|---|---|---|")
    for op, (score, error, alloc) in sorted(probes.items()):
        shown = f"noise ({m(score)} ± {error / 1e6:.3f})" if is_noise(score, error) else f"{m(score)} ± {error / 1e6:.3f}"
        print(f"| {op} | {shown} | {'n/a' if alloc is None else f'{alloc:.3f}'} |")
    print()
    print("| profile | operation | ours JMH (packets/s) | bytes allocated per packet | floor (packets/s) | ours / floor |")
    print("|---|---|---|---|---|---|")
    probes_noisy = any(is_noise(score, error) for score, error, _ in probes.values())
    for p, op in columns:
        if (p, op) not in ours:
            continue
        score, error, alloc = ours[(p, op)]
        alloc_cell = "n/a" if alloc is None else f"{alloc:.3f}"
        if len(probes) < 3:
            fl_cell, ratio = "n/a", "n/a"
        else:
            fl = floor_rate(p, op, {k: v[0] for k, v in probes.items()}, probes["sha1Block"][0])
            fl_cell = ("noise " if probes_noisy else "") + m(fl)
            ratio = "noise" if probes_noisy or is_noise(score, error) else f"{score / fl:.2f}"
        shown = f"noise ({m(score)} ± {error / 1e6:.3f})" if is_noise(score, error) else f"{m(score)} ± {error / 1e6:.3f}"
        print(f"| {p} | {op} | {shown} | {alloc_cell} | {fl_cell} | {ratio} |")


if (out / "floor-probe.txt").exists():
    floor_tables(out)
    sys.exit(0)

rounds = []
for directory in sorted(out.glob("round-*"), key=lambda d: int(d.name.split("-")[1])):
    floor_cpu, aes_cpu, hmac_cpu = floor(directory, "cpu")
    floor_wall, _, _ = floor(directory, "wall")
    rounds.append({
        "name": directory.name.split("-")[1],
        "load": (directory / "load-before.txt").read_text().split()[0] + " to "
                + (directory / "load-after.txt").read_text().split()[0],
        "ours": ours_cpu(directory),
        "lib": {p: libsrtp(directory, p) for p in PROFILES},
        "floor_cpu": floor_cpu, "floor_wall": floor_wall, "aes": aes_cpu, "hmac": hmac_cpu,
    })
if not rounds:
    sys.exit(f"no round-*/ directories in {out}: run srtp-ta/bench/compare.sh")

print("Per CPU second, interleaved rounds (ours / libsrtp2 and ours / openssl floor, same round; "
      "load = 1-minute load average before to after the round):")
print()
print("| round | load | " + " | ".join(f"{p} {op}" for p in PROFILES for op in OPERATIONS) + " |")
print("|---|---|" + "---|" * (len(PROFILES) * len(OPERATIONS)))
for r in rounds:
    cells = []
    for p in PROFILES:
        for op in OPERATIONS:
            ours = r["ours"][(p, op)]
            cells.append(f"{m(ours)}: {ours / r['lib'][p][op]['cpu']:.2f} x libsrtp2, {ours / r['floor_cpu'][p]:.2f} x floor")
    print(f"| {r['name']} | {r['load']} | " + " | ".join(cells) + " |")
print()
print(f"Medians over {len(rounds)} rounds (min to max in brackets):")
print()
print("| profile | operation | ours (packets/s) | libsrtp2 (packets/s) | openssl floor (packets/s) | ours / libsrtp2 | ours / floor |")
print("|---|---|---|---|---|---|---|")
for p in PROFILES:
    for op in OPERATIONS:
        ours = [r["ours"][(p, op)] for r in rounds]
        lib = [r["lib"][p][op]["cpu"] for r in rounds]
        fl = [r["floor_cpu"][p] for r in rounds]
        print(f"| {p} | {op} | {m(statistics.median(ours))} | {m(statistics.median(lib))} | {m(statistics.median(fl))} | "
              f"{spread([o / l for o, l in zip(ours, lib)])} | {spread([o / f for o, f in zip(ours, fl)])} |")
print()
print(f"OpenSSL per CPU second (median): AES-128-CTR at 160 bytes {m(statistics.median(r['aes'] for r in rounds))} ops/s, "
      f"HMAC-SHA1 at 176 bytes {m(statistics.median(r['hmac'] for r in rounds))} ops/s (key set-up per message included)")

jmh_file = out / "jmh.json"
if not jmh_file.exists():
    sys.exit(0)
jmh = {}
for result in json.loads(jmh_file.read_text()):
    op = result["benchmark"].rsplit(".", 1)[1]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    jmh[(result["params"]["profile"], op)] = (result["primaryMetric"]["score"], result["primaryMetric"]["scoreError"], alloc)
print()
print("Per wall-clock second (JMH after the rounds, 99.9 % error bars, with gc.alloc.rate.norm; "
      "libsrtp2 and floor: medians of the rounds; 'noise': error above half the score, no ratio taken):")
print()
print("| profile | operation | ours JMH (packets/s) | bytes allocated per packet | libsrtp2 (packets/s) | openssl floor (packets/s) | ours / floor | ours / libsrtp2 |")
print("|---|---|---|---|---|---|---|---|")
for p in PROFILES:
    for op in OPERATIONS:
        if (p, op) not in jmh:
            continue
        score, error, alloc = jmh[(p, op)]
        lib = statistics.median(r["lib"][p][op]["wall"] for r in rounds)
        fl = statistics.median(r["floor_wall"][p] for r in rounds)
        alloc_cell = "n/a" if alloc is None else f"{alloc:.3f}"
        if is_noise(score, error):
            print(f"| {p} | {op} | noise ({m(score)} ± {error / 1e6:.3f}) | {alloc_cell} | {m(lib)} | {m(fl)} | noise | noise |")
        else:
            print(f"| {p} | {op} | {m(score)} ± {error / 1e6:.3f} | {alloc_cell} | {m(lib)} | {m(fl)} | "
                  f"{score / fl:.2f} | {score / lib:.2f} |")
