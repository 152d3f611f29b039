#!/usr/bin/env python3
"""Builds a real English corpus as JSON Lines from natural-language text in Debian packages.

The comparison runner (scripts/bench) indexes it. Every source is read in sorted path order and cut
into documents by one fixed rule (whole paragraphs until a document holds at least --min-bytes of
text), so the same package versions always give byte-identical output. The versions used are
written to the manifest (--manifest) beside the corpus.

Usage: english_corpus.py OUTPUT.jsonl [--manifest FILE] [--min-bytes N] [--list-packages]
"""

import argparse
import gzip
import html.parser
import json
import os
import re
import subprocess
import sys
import zlib

DOC = "/usr/share/doc"
TEXT = (".txt",)
HTML = (".html",)

# (Debian package, what it contributes, [(folder or file, how to read it, file suffixes,
# sub-folders to skip)]), in corpus order. All English prose: manuals, guides, dictionaries.
# How: "text" (markup sources: reStructuredText, POD, AsciiDoc, Markdown), "html", "sphinx" (a
# Sphinx HTML build without its generated pages), "dict" (a dictd database).
SOURCES = [
    ("linux-doc-6.1", "Linux kernel documentation (reStructuredText)",
     [(DOC + "/linux-doc-6.1/Documentation", "text", (".rst.gz", ".txt.gz", ".rst", ".txt"),
       ("translations",))]),
    ("python3.11-doc", "Python 3.11 documentation sources",
     [(DOC + "/python3.11/html/_sources", "text", TEXT, ())]),
    ("perl-doc", "Perl documentation (POD)", [("/usr/share/perl/5.36.0/pod", "text", (".pod",), ())]),
    ("postgresql-doc-15", "PostgreSQL 15 manual (HTML)",
     [(DOC + "/postgresql-doc-15/html", "html", HTML, ())]),
    ("python-django-doc", "Django documentation (HTML)",
     [(DOC + "/python-django-doc/html", "sphinx", HTML, ())]),
    ("git-doc", "Git manual pages and guides (AsciiDoc)", [(DOC + "/git-doc", "text", TEXT, ())]),
    ("gimp-help-en", "GIMP user manual (HTML)", [("/usr/share/gimp/2.0/help/en", "html", HTML, ())]),
    ("debian-handbook", "The Debian Administrator's Handbook, en-US (HTML)",
     [(DOC + "/debian-handbook/html/en-US", "html", HTML, ())]),
    ("gnucash-docs", "GnuCash tutorial guide and help manual, English (HTML)",
     [(DOC + "/gnucash-docs/gnucash-guide-en", "html", HTML, ()),
      (DOC + "/gnucash-docs/gnucash-help-en", "html", HTML, ())]),
    ("cmake-doc", "CMake documentation sources (reStructuredText)",
     [(DOC + "/cmake-data/html/_sources", "text", TEXT, ())]),
    ("sphinx-doc", "Sphinx documentation sources (reStructuredText)",
     [(DOC + "/sphinx-doc/html/_sources", "text", TEXT, ())]),
    ("nodejs-doc", "Node.js API documentation (Markdown)",
     [(DOC + "/nodejs/api", "text", (".md.gz", ".md"), ())]),
    ("octave-doc", "GNU Octave manual (HTML)", [(DOC + "/octave", "html", HTML, ())]),
    ("maxima-doc", "Maxima manual (HTML)", [(DOC + "/maxima-doc/html", "html", HTML, ())]),
    ("libreoffice-help-en-us", "LibreOffice help, en-US (HTML)",
     [("/usr/share/libreoffice/help/en-US", "html", HTML, ())]),
    ("apache2-doc", "Apache HTTP Server manual, English (HTML)",
     [(DOC + "/apache2-doc/manual/en", "html", HTML, ())]),
    ("bash-doc", "Bash reference manual (HTML)", [(DOC + "/bash/bashref.html", "html", HTML, ())]),
    ("python-pandas-doc", "pandas documentation sources (reStructuredText)",
     [(DOC + "/python-pandas-doc/html/_sources", "text", TEXT, ())]),
    ("python-scipy-doc", "SciPy documentation (HTML)",
     [(DOC + "/python-scipy-doc/html", "sphinx", HTML, ())]),
    ("dict-foldoc", "Free On-line Dictionary of Computing",
     [("/usr/share/dictd/foldoc.dict.dz", "dict", (), ())]),
    ("dict-gcide", "Collaborative International Dictionary of English",
     [("/usr/share/dictd/gcide.dict.dz", "dict", (), ())]),
    ("dict-wn", "WordNet glosses", [("/usr/share/dictd/wn.dict.dz", "dict", (), ())]),
]
PACKAGES = [(package, content) for package, content, _ in SOURCES]


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def files_under(root, suffixes, exclude=()):
    """Sorted files below root whose names end with one of suffixes, skipping excluded folders."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in exclude)
        for name in names:
            if name.endswith(suffixes):
                found.append(os.path.join(folder, name))
    return sorted(found)


class TextFromHtml(html.parser.HTMLParser):
    """Visible text of an HTML page; block elements end paragraphs."""

    BLOCKS = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr",
              "table", "br", "section", "blockquote", "title"}
    SKIP = {"script", "style", "head", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self):
        return "".join(self.parts)


def html_text(path):
    parser = TextFromHtml()
    parser.feed(read_bytes(path))
    parser.close()
    return parser.text()


MARKUP_LINE = re.compile(r"^\s*(\.\. |:[a-z-]+:|[=\-~^*#+`]{4,}\s*$|=(head|item|over|back|pod|cut|begin|end|for))")


def plain_text(path):
    """Lightly cleaned source markup: directive and rule lines dropped, the prose kept."""
    lines = [line for line in read_bytes(path).splitlines() if not MARKUP_LINE.match(line)]
    return "\n".join(lines)


B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def b64_number(text):
    value = 0
    for c in text:
        value = value * 64 + B64[c]
    return value


def dict_text(path):
    """A dictd database: its entries in file order, one paragraph each (from the .index file)."""
    with open(path, "rb") as f:
        data = zlib.decompress(f.read(), 16 + zlib.MAX_WBITS)
    spans = set()
    with open(path[: -len(".dict.dz")] + ".index", encoding="utf-8", errors="replace") as index:
        for line in index:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3 and not fields[0].startswith("00-database"):
                spans.add((b64_number(fields[1]), b64_number(fields[2])))
    entries = (data[start:start + length].decode("utf-8", errors="replace") for start, length in sorted(spans))
    return "\n\n".join(entry.replace("\n\n", "\n") for entry in entries)


SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def paragraphs(text):
    for block in re.split(r"\n\s*\n", text):
        block = SPACES.sub(" ", block.replace("\n", " ")).strip()
        if block:
            yield block


def documents(title, text, min_bytes):
    """Whole paragraphs gathered until a document holds min_bytes; the rest joins the last one."""
    current, size, part = [], 0, 1
    docs = []
    for paragraph in paragraphs(text):
        current.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        if size >= min_bytes:
            docs.append(("%s #%d" % (title, part), "\n".join(current)))
            current, size, part = [], 0, part + 1
    if current:
        if docs and size < min_bytes // 2:
            last_title, last_body = docs.pop()
            docs.append((last_title, last_body + "\n" + "\n".join(current)))
        else:
            docs.append(("%s #%d" % (title, part), "\n".join(current)))
    return docs


def sphinx_html(root):
    """The pages of a Sphinx HTML build, without highlighted source code and generated indexes."""
    for path in files_under(root, (".html",), ("_modules", "_static", "_images", "_sources")):
        if os.path.basename(path) not in ("genindex.html", "py-modindex.html", "search.html"):
            yield path


def sources():
    """(package, path, reader) for every file, in a fixed order."""
    readers = {"text": plain_text, "html": html_text, "sphinx": html_text, "dict": dict_text}
    for package, _, places in SOURCES:
        for where, how, suffixes, skip in places:
            if how == "dict" or os.path.isfile(where):
                paths = [where]
            elif how == "sphinx":
                paths = sphinx_html(where)
            else:
                paths = files_under(where, suffixes, skip)
            for path in paths:
                yield package, path, readers[how]


def package_version(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--manifest")
    parser.add_argument("--min-bytes", type=int, default=1500)
    parser.add_argument("--list-packages", action="store_true", help="print the packages and exit")
    args = parser.parse_args()
    if args.list_packages:
        print(" ".join(p for p, _ in PACKAGES))
        return 0
    versions = {p: package_version(p) for p, _ in PACKAGES}
    missing = [p for p, v in versions.items() if v is None]
    if missing:
        print("english_corpus: missing Debian packages: " + " ".join(missing), file=sys.stderr)
        return 1

    counts = {p: [0, 0] for p, _ in PACKAGES}
    number = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for package, path, reader in sources():
            title = os.path.relpath(path, "/usr/share")
            for doc_title, body in documents(title, reader(path), args.min_bytes):
                number += 1
                out.write(json.dumps({"id": "d%06d" % number, "title": doc_title, "body": body},
                                     ensure_ascii=False))
                out.write("\n")
                counts[package][0] += 1
                counts[package][1] += len(body.encode("utf-8"))
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as m:
            m.write("# package\tversion\tdocuments\tbody bytes\tcontent\n")
            for package, content in PACKAGES:
                m.write("%s\t%s\t%d\t%d\t%s\n" % (package, versions[package], counts[package][0],
                                                 counts[package][1], content))
    total = sum(c[1] for c in counts.values())
    print("english_corpus: %d documents, %.1f MB of text -> %s" % (number, total / 1e6, args.output),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
