#!/usr/bin/env python3
"""Builds a second English corpus as JSON Lines: the Linux manual pages of Debian's packages.

The comparison runner's second corpus (scripts/bench --second): terse reference prose, another
genre than english_corpus.py's manuals and dictionaries, and never used to tune trawl. Each page
of the packages below is turned from roff into text by a small converter (the macros that carry
text keep it, the rest are dropped, escapes become their characters or nothing), and each of its
sections (.SH) is one document, titled by the page and the section. Pages are read in sorted path
order, so the same package versions always give byte-identical output; the versions are written to
the manifest (--manifest).

Usage: manpages_corpus.py OUTPUT.jsonl [--manifest FILE] [--list-packages]
"""

import argparse
import gzip
import json
import re
import subprocess
import sys

PACKAGES = [
    ("manpages", "Linux manual pages: files, games, conventions, administration"),
    ("manpages-dev", "Linux manual pages: system calls and library functions"),
]

# Macros whose arguments are text (fonts, headings, tagged paragraphs); every other request
# (.TH, .PP, .RS, .nf, .sp, .de, ...) carries none and is dropped.
TEXT_MACROS = {"B", "I", "BR", "IR", "BI", "RB", "IB", "RI", "SM", "SB", "SS", "UR", "MT"}
ESCAPES = [
    (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""),   # font changes
    (re.compile(r"\\s[+-]?\d+"), ""),             # size changes
    (re.compile(r"\\\*(\[[^\]]*\]|\(..|.)"), ""),  # strings
    (re.compile(r"\\\((em|en)"), " - "),
    (re.compile(r"\\\((lq|rq|dq)"), '"'),
    (re.compile(r"\\\((oq|cq|aq)"), "'"),
    (re.compile(r"\\\(..|\\\[[^\]]*\]"), " "),    # other special characters
    (re.compile(r"\\[-e]"), lambda m: "-" if m.group(0) == "\\-" else "\\"),
    (re.compile(r"\\[&c%|^:)/,]"), ""),
    (re.compile(r"\\ "), " "),
]


def plain(line):
    for pattern, replacement in ESCAPES:
        line = pattern.sub(replacement, line)
    return line


ALTERNATING = {"BR", "IR", "BI", "RB", "IB", "RI"}


def macro_text(args, request=""):
    # Quoted arguments keep their spaces; the font-alternating macros join their arguments
    # ("open" "(2)" is "open(2)"), the others separate them.
    parts = [quoted or bare for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', args)]
    return ("" if request in ALTERNATING else " ").join(parts)


def page_sections(path):
    """(section name, text) pairs of one roff page; none for a page that only includes another."""
    with open(path, "rb") as f:
        data = gzip.decompress(f.read()).decode("utf-8", errors="replace")
    sections, name, lines = [], None, []
    for raw in data.splitlines():
        if raw.startswith(('.\\"', "'\\\"", '.\\\'')):
            continue
        if raw.startswith((".", "'")):
            request, _, args = raw[1:].strip().partition(" ")
            if request == "so":
                return []
            if request == "SH":
                if name is not None:
                    sections.append((name, "\n".join(lines)))
                name, lines = plain(macro_text(args)).strip() or "SECTION", []
            elif request in ("PP", "LP", "P", "TP", "IP", "HP", "sp"):
                lines.append("")
                if request == "IP" and args:
                    lines.append(plain(macro_text(args)))
            elif request in TEXT_MACROS and args:
                lines.append(plain(macro_text(args, request)))
            continue
        lines.append(plain(raw))
    if name is not None:
        sections.append((name, "\n".join(lines)))
    return sections


def package_files(package):
    out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if p.startswith("/usr/share/man/man") and p.endswith(".gz")]


def package_version(package):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                          text=True, check=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--manifest")
    parser.add_argument("--list-packages", action="store_true")
    args = parser.parse_args()
    if args.list_packages:
        print(" ".join(package for package, _ in PACKAGES))
        return 0
    paths = sorted({path for package, _ in PACKAGES for path in package_files(package)})
    count = text_bytes = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for path in paths:
            page = path.rsplit("/", 1)[1][:-3]  # "open.2"
            for section, text in page_sections(path):
                # Paragraphs are separated by blank lines; a paragraph's lines are one text.
                paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
                body = "\n".join(p for p in paragraphs if p)
                if len(body) < 40:
                    continue
                count += 1
                text_bytes += len(body.encode("utf-8"))
                out.write(json.dumps({"id": "m%06d" % count, "title": "%s %s" % (page, section),
                                      "body": body}) + "\n")
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as m:
            m.write("package\tversion\tcontent\n")
            for package, content in PACKAGES:
                m.write("%s\t%s\t%s\n" % (package, package_version(package), content))
    print("manpages_corpus: %d documents, %.1f MB of text -> %s" % (count, text_bytes / 1e6,
                                                                    args.output), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
