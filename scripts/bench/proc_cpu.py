#!/usr/bin/env python3
"""Runs a command (the one-machine demo), stamps each output line with the time it arrived and
samples, twice a second, the CPU seconds every process of the demo's stack has used, from /proc.

Writes a JSON file: the output lines with their times, and the samples (time -> CPU seconds per
process group). end-to-end.sh turns it into per-phase figures. Process groups, by command line:
solr (solr-server.jar), each service instance (<name>.jar, labelled name@port),
postgres (the demo's throwaway cluster: the postmaster, whose -D lies under
target/ckan-migrate-postgres-<demo pid>, and its backends), prometheus, and demo (the demo JVM:
embedded Kafka, the SSH servers, the catalogue generator, and pg_dump run by the source host).

Dead processes: a group's figure is its live processes' utime+stime plus what the group's root
(postmaster, demo JVM) has collected from children it reaped (cutime+cstime), so a backend's CPU
is not lost when it exits.

usage: proc_cpu.py OUT.json -- COMMAND [ARGS...]
"""
import json
import os
import re
import subprocess
import sys
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")


def read_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    # The command name may hold spaces and parentheses: split after the last ')'.
    rest = s[s.rindex(")") + 2 :].split()
    ppid = int(rest[1])
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return ppid, (utime + stime) / TICK, (cutime + cstime) / TICK


def cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode(errors="replace")


SERVICE = re.compile(r"(dump|load|schema|index)-service-[0-9.]+(?:-SNAPSHOT)?\.jar")


def label_of(cmd, pg_marker):
    if "solr-server.jar" in cmd:
        return "solr"
    m = SERVICE.search(cmd)
    if m:
        # Instances of one service differ only by their port.
        port = re.search(r"--server\.port=(\d+)", cmd)
        return m.group(1) + "-service" + ("@" + port.group(1) if port else "")
    if pg_marker in cmd:
        return "postgres"
    # A bare 'postgres' or 'prometheus' word: the servers, not a JVM whose arguments mention them.
    if cmd.split(" ", 1)[0].endswith("/prometheus"):
        return "prometheus"
    if "demo.jar" in cmd:
        return "demo"
    return None


def sample(root_pid, pg_marker, names):
    procs = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            ppid, own, reaped = read_stat(pid)
            cmd = names.get(pid)
            if cmd is None:
                cmd = cmdline(pid)
                names[pid] = cmd
        except (OSError, ValueError):
            continue
        procs[pid] = (ppid, own, reaped, cmd)
    labels = {}

    def resolve(pid, depth=0):
        if pid in labels:
            return labels[pid]
        if pid not in procs or depth > 64:
            return None
        ppid, _, _, cmd = procs[pid]
        own = label_of(cmd, pg_marker)
        if own is None:
            parent = resolve(ppid, depth + 1)
            # Children of the demo JVM that are not services (pg_dump, gzip) count as the demo's.
            own = parent
        labels[pid] = own
        return own

    totals = {}
    for pid, (ppid, own, reaped, cmd) in procs.items():
        label = resolve(pid)
        if label is None:
            continue
        # Under the demo JVM only, or the demo's own PostgreSQL (daemonised away from it).
        anc, ok = pid, False
        for _ in range(64):
            if anc == root_pid or label == "postgres":
                ok = True
                break
            if anc not in procs:
                break
            anc = procs[anc][0]
        if not ok:
            continue
        parent_label = labels.get(ppid)
        total = own
        # A group's root collects its reaped children: count that once, at the root.
        if parent_label != label:
            total += reaped
        totals[label] = totals.get(label, 0.0) + total
    return totals


def main():
    out = sys.argv[1]
    cmd = sys.argv[sys.argv.index("--") + 1 :]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    # The demo puts its PostgreSQL under target/ckan-migrate-postgres-<its pid>; the wrapper
    # execs java, so the pid is the same.
    pg_marker = f"ckan-migrate-postgres-{proc.pid}/"
    samples, lines, names = [], [], {}
    done = threading.Event()

    def sampler():
        while not done.is_set():
            t = time.time()
            samples.append({"t": t, "cpu": sample(proc.pid, pg_marker, names)})
            done.wait(0.5)

    th = threading.Thread(target=sampler, daemon=True)
    th.start()
    for line in proc.stdout:
        lines.append({"t": time.time(), "line": line.rstrip("\n")})
        sys.stdout.write(line)
        sys.stdout.flush()
    rc = proc.wait()
    done.set()
    th.join()
    with open(out, "w") as f:
        json.dump({"command": cmd, "rc": rc, "lines": lines, "samples": samples}, f)
    sys.exit(rc)


if __name__ == "__main__":
    main()
