#!/usr/bin/env python3
"""Writes docs/benchmarks/end-to-end.md from one end-to-end.sh run: the Solr ceiling's report
(ReindexBenchmarkIT step a) and the demo runs recorded by proc_cpu.py.

usage: report.py OUT.md DATASETS CEILING.txt LABEL=RUN.json [LABEL=RUN.json ...]
"""
import bisect
import json
import os
import re
import sys
import time

PHASES = ["dump", "load", "schema", "index"]
DONE = re.compile(r"^(dump|load|schema|index)\s+SUCCEEDED\s+(\d+:\d\d(?::\d\d)?)\s+(.*)$")


def secs(text):
    s = 0
    for part in text.split(":"):
        s = s * 60 + int(part)
    return s


def clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def cpu_at(samples, times, t):
    """CPU seconds per group at time t: the last sample at or before t (the first if none)."""
    i = max(0, bisect.bisect_right(times, t) - 1)
    return samples[i]["cpu"]


def window(samples, times, start, end):
    a, b = cpu_at(samples, times, start), cpu_at(samples, times, end)
    out = {}
    for label, v in b.items():
        d = v - a.get(label, 0.0)
        if d > 0.005:
            out[label] = d
    return out


def group(label):
    return label.split("@", 1)[0]


def analyse(path):
    run = json.load(open(path))
    lines, samples = run["lines"], run["samples"]
    times = [s["t"] for s in samples]
    start = next(l["t"] for l in lines if "requested, starting at dump" in l["line"])
    phases, prev = [], start
    for l in lines:
        m = DONE.match(l["line"])
        if m:
            phases.append(
                {
                    "phase": m.group(1),
                    "reported": secs(m.group(2)),
                    "moved": m.group(3),
                    "wall": l["t"] - prev,
                    "cpu": window(samples, times, prev, l["t"]),
                }
            )
            prev = l["t"]
    index = next((p for p in phases if p["phase"] == "index"), None)
    planned = None
    if index:
        m = re.search(r"([\d,]+) datasets, ([\d,]+) removed", index["moved"])
        if m:
            planned = int(m.group(1).replace(",", "")) + int(m.group(2).replace(",", ""))
    return {
        "rc": run["rc"],
        "command": " ".join(run["command"]),
        "total": lines[-1]["t"] - lines[0]["t"],
        "startup": start - lines[0]["t"],
        "migration": prev - start,
        "phases": phases,
        "planned": planned,
        "migration_cpu": window(samples, times, start, prev),
        "passed": any("all verifications passed" in l["line"] for l in lines),
    }


def ceiling(path):
    text = open(path).read()
    rate = re.search(r"\(a\) raw Solr ceiling:.*?([\d,.]+) datasets/s", text)
    return text, (float(rate.group(1).replace(",", "")) if rate else None)


def cpu_table(cpu, per):
    rows = []
    for label in sorted(cpu, key=lambda k: -cpu[k]):
        rows.append(f"{label} {cpu[label]:.1f}")
    total = sum(cpu.values())
    return ", ".join(rows), total


def main():
    out, datasets, ceiling_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    runs = [a.split("=", 1) for a in sys.argv[4:]]
    ceiling_text, ceiling_rate = ceiling(ceiling_file)
    md = []
    md.append("# End-to-end benchmark: the one-machine demo beside the Solr ceiling\n")
    md.append(
        "Written by `scripts/bench/end-to-end.sh` (see its header for what it runs). One run, one"
        " machine, everything measured side by side. CPU seconds come from `/proc` for each process"
        " of the demo's stack (`scripts/bench/proc_cpu.py`): they do not depend on what else the"
        " machine was doing, unlike wall times. \"At 2 cores\" is 2 / (CPU seconds per dataset): the"
        " rate the phase would reach if the stack had both cores to itself and never waited.\n"
    )
    md.append(f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    md.append(f"- machine: {os.cpu_count()} cores; datasets: {datasets:,}")
    md.append(f"- load average at the end: {open('/proc/loadavg').read().split()[:3]}\n")
    md.append("## Solr bulk-add ceiling (ReindexBenchmarkIT step a, same Solr settings as the demo)\n")
    md.append("```\n" + ceiling_text.strip() + "\n```\n")
    for label, path in runs:
        r = analyse(path)
        md.append(f"## Demo, {label}\n")
        md.append(f"`{r['command']}`: exit {r['rc']}, verifications passed: {r['passed']}.")
        md.append(
            f"Wall: whole command {clock(r['total'])} (start-up {clock(r['startup'])},"
            f" migration {clock(r['migration'])}).\n"
        )
        md.append("| phase | wall (reported) | moved | CPU s by process | CPU s total |")
        md.append("|---|---|---|---|---|")
        for p in r["phases"]:
            detail, total = cpu_table(p["cpu"], None)
            md.append(
                f"| {p['phase']} | {clock(p['wall'])} ({clock(p['reported'])}) | {p['moved'][:60]} |"
                f" {detail} | {total:.1f} |"
            )
        detail, total = cpu_table(r["migration_cpu"], None)
        md.append(f"| all four | {clock(r['migration'])} | | {detail} | {total:.1f} |\n")
        index = next((p for p in r["phases"] if p["phase"] == "index"), None)
        if index and r["planned"]:
            n = r["planned"]
            rate = n / index["wall"]
            total = sum(index["cpu"].values())
            per1000 = 1000 * total / n
            by = {}
            for k, v in index["cpu"].items():
                by[group(k)] = by.get(group(k), 0.0) + v
            parts = ", ".join(f"{k} {1000 * v / n:.2f}" for k, v in sorted(by.items(), key=lambda x: -x[1]))
            md.append(
                f"Index phase: {n:,} datasets planned in {index['wall']:.1f} s = **{rate:,.0f}/s**"
                + (f" = **{rate / ceiling_rate:.2f} of the ceiling**" if ceiling_rate else "")
                + f"; CPU {per1000:.2f} s per 1,000 datasets ({parts}); at 2 cores"
                f" {2000 / per1000:,.0f}/s.\n"
            )
    with open(out, "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
