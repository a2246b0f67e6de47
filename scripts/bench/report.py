#!/usr/bin/env python3
"""Writes docs/benchmarks/end-to-end.md from one end-to-end.sh run: the Solr ceilings' reports
(ReindexBenchmarkIT step a: on a generated catalogue and, optionally, on the demo's own migrated
target) and the demo runs recorded by proc_cpu.py.

usage: report.py OUT.md DATASETS CEILING.txt [DEMO-CEILING.txt] LABEL=RUN.json [LABEL=RUN.json ...]
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
    # --keep-running: the pause while the benchmark dumped the target is not the demo's time.
    pause = 0.0
    for i, l in enumerate(lines[:-1]):
        if "Everything stays up" in l["line"]:
            pause = lines[i + 1]["t"] - l["t"]
    return {
        "rc": run["rc"],
        "command": " ".join(run["command"]),
        "total": lines[-1]["t"] - lines[0]["t"] - pause,
        "startup": start - lines[0]["t"],
        "migration": prev - start,
        "phases": phases,
        "planned": planned,
        "migration_cpu": window(samples, times, start, prev),
        "passed": any("all verifications passed" in l["line"] for l in lines),
        "timeline": index_timeline(path),
    }


LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z")
BATCH = re.compile(r"\[\s*([\w-]+)\] \S+\s*: Run \S+: batch (\d+)/(\d+) indexed \d+ deleted \d+ in (\d+) ms")


def index_timeline(json_path):
    """Where the index phase's time went, from the index-service logs in the run's work dir
    (end-to-end.sh keeps it beside the JSON as work-N): planning, batches (per worker thread),
    finishing. None when the logs are not there."""
    name = os.path.basename(json_path)
    work = os.path.join(os.path.dirname(json_path), "work-" + name[len("demo-"):-len(".json")], "logs")
    if not os.path.isdir(work):
        return None
    started = succeeded = None
    batches = []  # (end, seconds, worker)
    for log in sorted(f for f in os.listdir(work) if re.match(r"index-service(-\d+)?\.log$", f)):
        for line in open(os.path.join(work, log), errors="replace"):
            m = LOG_TIME.match(line)
            if not m:
                continue
            t = time.mktime(time.strptime(m.group(1)[:19], "%Y-%m-%dT%H:%M:%S")) + float("0" + m.group(1)[19:])
            if ": index started" in line:
                started = t if started is None else min(started, t)
            elif ": index succeeded" in line:
                succeeded = t
            else:
                b = BATCH.search(line)
                if b:
                    batches.append((t, int(b.group(4)) / 1000, log[:-4] + "/" + b.group(1)))
    if not (started and succeeded and batches):
        return None
    batches.sort()
    first_start = min(end - d for end, d, _ in batches)
    last_end = batches[-1][0]
    last_by_worker = {}
    for end, _, w in batches:
        last_by_worker[w] = end
    durations = [d for _, d, _ in batches]
    rest = sorted(durations[10:]) or sorted(durations)
    return {
        "planning": first_start - started,
        "batches": last_end - first_start,
        "finishing": succeeded - last_end,
        "workers": len(last_by_worker),
        "alone": last_end - min(last_by_worker.values()),
        "first10": sum(durations[:10]) / len(durations[:10]),
        "median": rest[len(rest) // 2],
        "slowest": sorted(durations, reverse=True)[:3],
        "count": len(batches),
    }


def ceiling(path):
    if not path:
        return None, None, None
    text = open(path).read()
    rate = re.search(r"\(a\) raw Solr ceiling:.*?([\d,.]+) datasets/s", text)
    solr = re.search(r"\(a\) CPU s per 1,000 datasets: Solr ([\d.]+)", text)
    return (
        text,
        float(rate.group(1).replace(",", "")) if rate else None,
        float(solr.group(1)) if solr else None,
    )


def cpu_table(cpu, per):
    rows = []
    for label in sorted(cpu, key=lambda k: -cpu[k]):
        rows.append(f"{label} {cpu[label]:.1f}")
    total = sum(cpu.values())
    return ", ".join(rows), total


def main():
    out, datasets, ceiling_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rest = sys.argv[4:]
    own_file = rest.pop(0) if rest and "=" not in rest[0] else None
    runs = [a.split("=", 1) for a in rest]
    ceiling_text, ceiling_rate, ceiling_solr = ceiling(ceiling_file)
    own_text, own_rate, own_solr = ceiling(own_file)
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
    md.append("On a generated 2.9-era catalogue of the same size:\n")
    md.append("```\n" + ceiling_text.strip() + "\n```\n")
    if own_text:
        md.append(
            "On the demo's own documents: the first demo run's migrated target, dumped while"
            " `--keep-running` held the stack and restored for the benchmark (the same datasets"
            " its index phase sent, with the same batch size and senders):\n"
        )
        md.append("```\n" + own_text.strip() + "\n```\n")
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
            ratios = []
            if own_rate:
                ratios.append(f"**{rate / own_rate:.2f} of the ceiling on its own documents** ({own_rate:,.0f}/s)")
            if ceiling_rate:
                ratios.append(f"{rate / ceiling_rate:.2f} of the generated catalogue's ({ceiling_rate:,.0f}/s)")
            solr = 1000 * by.get("solr", 0.0) / n
            solr_cmp = [f"{name} {v:.2f}" for name, v in (("own documents", own_solr), ("generated", ceiling_solr)) if v]
            md.append(
                f"Index phase: {n:,} datasets planned in {index['wall']:.1f} s = **{rate:,.0f}/s**"
                + (" = " + ", ".join(ratios) if ratios else "")
                + f"; CPU {per1000:.2f} s per 1,000 datasets ({parts}); at 2 cores"
                f" {2000 / per1000:,.0f}/s."
                + (f" Solr's CPU s per 1,000 here {solr:.2f}; in the ceilings: " + ", ".join(solr_cmp) + "." if solr_cmp else "")
                + "\n"
            )
        tl = r["timeline"]
        if tl:
            md.append(
                f"Where the index phase's time went (index-service logs): planning"
                f" {tl['planning']:.1f} s; {tl['count']} batches over {tl['batches']:.1f} s by"
                f" {tl['workers']} worker thread(s), the last {tl['alone']:.1f} s after the first"
                f" worker had run out of batches; the first ten batches took {tl['first10']:.1f} s each"
                f" against a median of {tl['median']:.1f} s for the rest (JIT warm-up of Solr and the"
                f" service); slowest batches "
                + ", ".join(f"{d:.1f}" for d in tl["slowest"])
                + f" s; finishing (commit, stale removal, verification) {tl['finishing']:.1f} s.\n"
            )
    with open(out, "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
