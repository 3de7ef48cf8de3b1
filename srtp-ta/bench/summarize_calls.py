#!/usr/bin/env python3
"""Prints the tables of calls.sh from the JMH JSON files it wrote (round-N/{ours,baresip,stock}.json).

Per round: each figure's mean with its 99.9 % error and its median (p50) over every call of the
measured iterations, and ours / baresip on both. Then the median over the rounds. A mean whose
error exceeds half of it is marked noise and no ratio is taken from it; the medians are printed
either way (SampleTime keeps every call, so a median of hundreds of calls is a result even when
a few stalls make the mean's error wide).
"""
import json
import re
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
FIGURES = ("ours", "baresip", "stock")


def is_noise(score, error):
    return error != error or error > score / 2


CPU_LINE = re.compile(r"CPU per call: parties ([\d.]+) ms, kamailio ([\d.]+) ms, (\d+) calls")


def cpu(path):
    """Medians of the measured iterations' CPU per call (parties, kamailio), from the JMH text output."""
    if not path.exists():
        return None
    measuring = False
    parties, proxy = [], []
    for line in path.read_text().splitlines():
        if line.startswith("Iteration"):
            measuring = True  # JMH prints "Iteration   N:" before running it; the warm-up's are "# Warmup Iteration"
        match = CPU_LINE.search(line)
        if match and measuring:
            parties.append(float(match.group(1)))
            proxy.append(float(match.group(2)))
    if not parties:
        return None
    return statistics.median(parties), statistics.median(proxy)


def figure(path):
    if not path.exists():
        return None
    data = json.loads(path.read_text() or "[]")
    if not data:
        return None
    metric = data[0]["primaryMetric"]
    # rawDataHistogram: per fork, per iteration, [value, how many calls took it].
    count = sum(c for fork in metric.get("rawDataHistogram", []) for iteration in fork for _, c in iteration) or None
    return {"mean": metric["score"], "error": metric["scoreError"], "p50": metric["scorePercentiles"]["50.0"],
            "p90": metric["scorePercentiles"]["90.0"], "calls": count, "cpu": cpu(path.with_suffix(".txt"))}


def cell(f):
    if f is None:
        return "failed"
    mean = f"{f['mean']:.2f} ± {f['error']:.2f}"
    if is_noise(f["mean"], f["error"]):
        mean = f"noise ({mean})"
    return f"{mean} | {f['p50']:.2f}"


rounds = sorted((d for d in out.glob("round-*") if d.is_dir()), key=lambda d: int(d.name.split("-")[1]))
print(f"| round | UTC | load (1/5/15 min) | ours: mean ± error | ours: median | baresip NoDelay: mean ± error | baresip: median | "
      f"baresip stock: mean ± error | stock: median | ours / baresip (median) | ours / baresip (mean) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
per = {name: [] for name in FIGURES}
ratios_p50, ratios_mean = [], []
for d in rounds:
    figs = {name: figure(d / f"{name}.json") for name in FIGURES}
    for name, f in figs.items():
        if f:
            per[name].append(f)
    ours, ref = figs["ours"], figs["baresip"]
    r50 = rmean = "-"
    if ours and ref:
        ratios_p50.append(ours["p50"] / ref["p50"])
        r50 = f"{ratios_p50[-1]:.2f}"
        if not is_noise(ours["mean"], ours["error"]) and not is_noise(ref["mean"], ref["error"]):
            ratios_mean.append(ours["mean"] / ref["mean"])
            rmean = f"{ratios_mean[-1]:.2f}"
    load = (d / "load-before.txt").read_text().strip() if (d / "load-before.txt").exists() else "?"
    when = (d / "time.txt").read_text().strip() if (d / "time.txt").exists() else "?"
    print(f"| {d.name.split('-')[1]} | {when} | {load} | {cell(ours)} | {cell(ref)} | {cell(figs['stock'])} | {r50} | {rmean} |")
print()
print("CPU per call (set-up and hang-up; median of the measured iterations), ms:")
print("| round | ours: both units | ours: kamailio | baresip NoDelay: both | baresip: kamailio | stock: both | stock: kamailio |")
print("|---|---|---|---|---|---|---|")
for d in rounds:
    cells = []
    for name in FIGURES:
        f = figure(d / f"{name}.json")
        c = f and f["cpu"]
        cells += [f"{c[0]:.2f}", f"{c[1]:.2f}"] if c else ["-", "-"]
    print(f"| {d.name.split('-')[1]} | " + " | ".join(cells) + " |")
print()
for name in FIGURES:
    fs = per[name]
    if fs:
        print(f"{name:8s} median of the {len(fs)} rounds' medians: {statistics.median(f['p50'] for f in fs):.2f} ms "
              f"(p90 {statistics.median(f['p90'] for f in fs):.2f} ms), of their means: {statistics.median(f['mean'] for f in fs):.2f} ms, "
              f"calls measured: {sum(f['calls'] or 0 for f in fs)}"
              + (f", CPU per call {statistics.median(f['cpu'][0] for f in fs if f['cpu']):.2f} ms (parties) + "
                 f"{statistics.median(f['cpu'][1] for f in fs if f['cpu']):.2f} ms (kamailio)" if any(f["cpu"] for f in fs) else ""))
if ratios_p50:
    print(f"ours / baresip NoDelay, median of the per-round ratios: {statistics.median(ratios_p50):.2f} on the medians"
          + (f", {statistics.median(ratios_mean):.2f} on the means ({len(ratios_mean)} rounds without noise)" if ratios_mean else ""))
