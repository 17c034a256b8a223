"""Writes tests/icao-vectors/manifest.tsv from a local copy of the ICAO corpus and its SOURCES.md.

Usage: /usr/bin/python3 scripts/lib/vectors_manifest.py CORPUS_DIR > tests/icao-vectors/manifest.tsv
(scripts/vectors manifest does this). Facts only: relative path, size, SHA-256 and, where SOURCES.md's provenance
index names a file copied as-is from a public repository at a pinned commit, the raw download address. Files that
were extracted from test code, derived by the collector or written by it have no download address ("-").
"""
import hashlib
import os
import re
import sys

# Documentation of the corpus (its own, not test input) and the collector's hidden working files.
SKIP_NAMES = {"README.md", "SOURCES.md"}


def commits(sources):
    """Full commit ids of the '## Commits' section, by repository."""
    found = {}
    for match in re.finditer(r"^- ([\w.-]+/[\w.-]+) @ `([0-9a-f]{40})`", sources, re.M):
        found[match.group(1)] = match.group(2)
    return found


def provenance(sources, full_commits):
    """file -> (url or '-', provenance text) from the '## Provenance index (every file)' table."""
    result = {}
    section = sources.split("## Provenance index", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or cells[0] in ("file", "---") or cells[0].startswith("---"):
            continue
        path, repo, repo_path, commit = cells[0], cells[1], cells[2], cells[3]
        full = next((c for r, c in full_commits.items() if r == repo and c.startswith(commit)), None)
        direct = full is not None and re.fullmatch(r"[\w./+-]+", repo_path) is not None
        url = f"https://raw.githubusercontent.com/{repo}/{full}/{repo_path}" if direct else "-"
        origin = f"{repo}:{repo_path}" if repo not in ("—", "-") else repo_path
        result[path] = (url, origin)
    return result


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "SOURCES.md"), encoding="utf-8") as handle:
        sources = handle.read()
    index = provenance(sources, commits(sources))
    print("# ICAO corpus manifest: every file of ../shared/icao-vectors the tests, the benchmarks and scripts/demo may read.")
    print("# Written by `scripts/vectors manifest` from the corpus and its SOURCES.md; checked by `scripts/vectors`.")
    print("# Columns (tab-separated): path, size in bytes, SHA-256, download address ('-': not downloadable as-is), provenance.")
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if name in SKIP_NAMES or name.startswith("."):
                continue
            full = os.path.join(directory, name)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            with open(full, "rb") as handle:
                data = handle.read()
            url, origin = index.get(relative, ("-", ""))
            if not origin:
                if relative.startswith("peer/"):
                    origin = "see " + "/".join(relative.split("/")[:2]) + "/SOURCES.md"
                elif "/from-sod/" in relative or relative.endswith("/DSC.cer"):
                    origin = "derived by the collector from the set's EF.SOD.bin"
                elif relative.endswith("/CSCA.cer"):
                    origin = "copied by the collector from a Master List or csca/ (public State certificate)"
                else:
                    origin = "written or extracted by the collector (SOURCES.md)"
            print(f"{relative}\t{len(data)}\t{hashlib.sha256(data).hexdigest()}\t{url}\t{origin}")


if __name__ == "__main__":
    main()
