#!/usr/bin/env python3
"""Writes docs/benchmarks/startup.md from startup.sh's runs: for each variant, each start-up step
of the demo (from its "starting X" line to the next, the last one ending when the run is
requested) with its wall and CPU seconds (all the stack's processes), median over the rounds.

usage: startup_report.py OUT.md DATASETS VARIANT=RUN.json [VARIANT=RUN.json ...]
"""
import bisect
import json
import os
import statistics
import sys
import time


def steps(path):
    """[(step, wall s, CPU s)] of one run, and whether it trained the class data archives."""
    with open(path) as f:
        run = json.load(f)
    samples, lines = run["samples"], run["lines"]
    times = [s["t"] for s in samples]

    def cpu_at(t):
        s = samples[min(bisect.bisect_left(times, t), len(samples) - 1)]
        return sum(s["cpu"].values())

    marks = []
    for line in lines:
        text = line["line"].strip()
        if text.startswith("starting "):
            marks.append((line["t"], text[len("starting ") : len("starting ") + 17].strip()))
        elif "requested, starting at" in text:
            marks.append((line["t"], None))
            break
    trained = any(name == "Class data" for _, name in marks)
    out = []
    for (a, name), (b, _) in zip(marks, marks[1:]):
        out.append((name, b - a, cpu_at(b) - cpu_at(a)))
    out.append(("start-up", marks[-1][0] - lines[0]["t"], cpu_at(marks[-1][0]) - cpu_at(lines[0]["t"])))
    return out, trained, run["rc"]


def main():
    target, datasets, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    by_variant, notes = {}, []
    for spec in runs:
        variant, path = spec.split("=", 1)
        figures, trained, rc = steps(path)
        if rc != 0:
            notes.append(f"- {path}: the demo exited {rc}; left out.")
            continue
        if trained:
            notes.append(f"- {path}: trained the class data archives in this run; left out.")
            continue
        by_variant.setdefault(variant, []).append(figures)
    names = []
    for runs_of in by_variant.values():
        for name, _, _ in runs_of[0]:
            if name not in names:
                names.append(name)
    variants = list(by_variant)
    lines = [
        "# Start-up benchmark: the demo's start-up with and without class data archives",
        "",
        "Written by `scripts/bench/startup.sh` (see its header). Rounds interleaved in one run;"
        " medians over the rounds. CPU seconds are all the stack's processes' (`/proc`), wall"
        " seconds from the demo's time-stamped output. Each step runs from its `starting` line to"
        " the next; the services' step ends when the run is requested (all four healthy).",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {os.cpu_count()} cores; datasets: {datasets:,}",
        "- rounds per variant: " + ", ".join(f"{v} {len(by_variant[v])}" for v in variants),
        "",
        "| step | " + " | ".join(f"{v} wall s | {v} CPU s" for v in variants) + " |",
        "|---|" + "---|---|" * len(variants),
    ]
    for name in names:
        cells = []
        for v in variants:
            walls = [w for run in by_variant[v] for n, w, _ in run if n == name]
            cpus = [c for run in by_variant[v] for n, _, c in run if n == name]
            cells.append(f"{statistics.median(walls):.1f} | {statistics.median(cpus):.1f}" if walls else "- | -")
        label = f"**{name}**" if name == "start-up" else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if notes:
        lines += ["", "Left out:", *notes]
    lines.append("")
    with open(target, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
