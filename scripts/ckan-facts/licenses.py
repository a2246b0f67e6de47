#!/usr/bin/env python3
"""Writes CKAN's default licence register, per release, as data the index-service reads.

Usage: scripts/ckan-facts/licenses.py CKAN_GIT_DIR OUT_DIR
Reads ckan/model/license.py at each release's last tag (git show, nothing is executed) and writes
OUT_DIR/ckan-<major.minor>.tsv: id, title, url, od_conformance, osd_conformance, in the register's
order. Releases before the Open Definition fields (is_okd_compliant / is_osi_compliant) are written
with 'approved' for a compliant flag and 'not reviewed' otherwise, which is how CKAN's isopen reads
both.
"""
import re
import subprocess
import sys

RELEASES = ["2.2.4", "2.3.5", "2.4.9", "2.5.9", "2.6.9", "2.7.12", "2.8.12", "2.9.11", "2.10.10", "2.11.5"]


def source(git_dir, tag):
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"ckan-{tag}:ckan/model/license.py"],
        check=True, capture_output=True, text=True).stdout


def classes(text):
    """class name -> its body, for every class in the file."""
    out = {}
    for m in re.finditer(r"^class (\w+)\((\w+)\):\n((?:[ \t]+.*\n|\n)*)", text, re.M):
        out[m.group(1)] = m.group(3)
    return out


def attr(body, name, default):
    m = re.search(rf"^\s+{name}\s*(?::\s*\w+\s*)?=\s*(.+)$", body, re.M)
    if not m:
        return default
    value = m.group(1).strip()
    if value in ("True", "False"):
        return value == "True"
    return re.sub(r"^[\"'](.*)[\"']$", r"\1", value)


def title(body):
    m = re.search(r"_\(\s*[\"'](.*?)[\"']\s*\)", body, re.S)
    return m.group(1) if m else attr(body, "title", "")


def register(text):
    m = re.search(r"default_license_list\s*(?::[^=]*)?=\s*\[(.*?)\]", text, re.S)
    return re.findall(r"(\w+)\(\)", m.group(1))


def main(git_dir, out_dir):
    for tag in RELEASES:
        text = source(git_dir, tag)
        bodies = classes(text)
        base = bodies.get("DefaultLicense", "")
        rows = []
        for name in register(text):
            body = bodies[name]
            od = attr(body, "od_conformance", None)
            osd = attr(body, "osd_conformance", None)
            if od is None and osd is None and ("is_okd_compliant" in body or "is_osi_compliant" in body
                                               or "is_okd_compliant" in base):
                od = "approved" if attr(body, "is_okd_compliant", False) is True else "not reviewed"
                osd = "approved" if attr(body, "is_osi_compliant", False) is True else "not reviewed"
            rows.append([attr(body, "id", ""), title(body), attr(body, "url", ""),
                         od or "not reviewed", osd or "not reviewed"])
        minor = ".".join(tag.split(".")[:2])
        with open(f"{out_dir}/ckan-{minor}.tsv", "w", encoding="utf-8") as f:
            f.write(f"# CKAN {tag} default licence register (ckan/model/license.py); made by"
                    " scripts/ckan-facts/licenses.py\n")
            f.write("id\ttitle\turl\tod_conformance\tosd_conformance\n")
            for r in rows:
                f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
