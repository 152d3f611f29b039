#!/usr/bin/env python3
"""Turns the comparison programs' JSON lines into one table, one JSON file and a chart.

Usage: report.py RUNS.jsonl OUTPUT_DIR [--chart]

RUNS.jsonl holds what the compare_<engine> programs printed (index and search phases, with a
"variant" label added by scripts/bench). Writes OUTPUT_DIR/report.json and OUTPUT_DIR/report.md
(the table, also printed); with --chart also OUTPUT_DIR/latency.svg (gnuplot).

A variant run in several rounds (scripts/bench --rounds: the engines taken in turns, so that a
machine that speeds up or slows down during the run does so for all of them alike) is reported
by the median over its rounds of each figure: the indexing time, and each query class's median,
p99 and queries per second.
"""

import json
import math
import os
import statistics
import subprocess
import sys

CLASSES = ["term", "and", "or", "phrase", "filter", "sorted", "facet", "range", "offset", "after",
           "fuzzy1", "fuzzy2", "prefix_last", "wildcard", "phrase_prefix", "suggest"]
PEERS = ["xapian", "sqlite-fts5", "lucene++", "lucene-4.10"]


def load(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                runs.append(json.loads(line))
    return runs


def find(runs, engine, phase, variant):
    """The run of `engine` in `phase` labelled `variant`; of several (rounds), one that holds
    the median over them of what varies (index_seconds; each class's figures)."""
    found = [run for run in runs
             if run["engine"] == engine and run["phase"] == phase and run.get("variant") == variant]
    if len(found) <= 1:
        return found[0] if found else None
    merged = dict(found[0])
    merged["rounds"] = len(found)
    if phase == "index":
        merged["index_seconds"] = statistics.median(run["index_seconds"] for run in found)
    else:
        merged["classes"] = {
            cls: {stat: statistics.median(run["classes"][cls][stat] for run in found
                                          if cls in run["classes"])
                  for stat in figures}
            for cls, figures in found[0]["classes"].items()}
    return merged


def ratio(mine, theirs, higher_is_better):
    if not mine or not theirs:
        return None
    return mine / theirs if higher_is_better else theirs / mine


def fmt_ratio(value):
    return "–" if value is None else "%.2f×" % value


def engine_row(runs, engine, prefix=""):
    """The figures of one engine, from the runs whose variant labels start with `prefix`."""
    index = find(runs, engine, "index", prefix + "1 thread")
    row = {
        "settings": index["settings"],
        "stop_words": index.get("stop_words"),
        "one_field": index.get("one_field"),
        "documents": index["documents"],
        "text_mb": index["text_bytes"] / 1e6,
        "index_mb_s": index["text_bytes"] / 1e6 / index["index_seconds"],
        "docs_s": index["documents"] / index["index_seconds"],
        "optimize_s": index["optimize_seconds"],
        "peak_rss_mb": index["peak_rss_kib"] / 1024,
        "index_size_ratio": index["index_bytes"] / index["text_bytes"],
    }
    stored = find(runs, engine, "index", prefix + "stored")
    if stored:
        row["stored_index_size_ratio"] = stored["index_bytes"] / stored["text_bytes"]
    two = find(runs, engine, "index", prefix + "2 threads")
    if two:
        row["index_mb_s_2_threads"] = two["text_bytes"] / 1e6 / two["index_seconds"]
    for variant in ("top-10", "top-1000", "top-10 exact"):
        search = find(runs, engine, "search", prefix + variant)
        if search:
            row[variant] = search["classes"]
            row.setdefault("open_ms", search["open_ms"])
    return row


def summary(runs):
    """Every engine with the same work (scripts/bench: one text field, no stop words), trawl
    first; then trawl in its default configuration (variants labelled "default ...")."""
    engines = ["trawl"] + [p for p in PEERS if find(runs, p, "index", "1 thread")]
    rows = {engine: engine_row(runs, engine) for engine in engines}
    if find(runs, "trawl", "index", "default 1 thread"):
        rows["trawl (default)"] = engine_row(runs, "trawl", "default ")
    return rows


def best_peer(rows, key, higher_is_better, value=lambda r, k: r.get(k)):
    values = [value(rows[p], key) for p in PEERS if p in rows and value(rows[p], key)]
    if not values:
        return None
    return max(values) if higher_is_better else min(values)


def latency(row, variant, cls, stat="median_us"):
    return row.get(variant, {}).get(cls, {}).get(stat)


def table(rows):
    engines = list(rows)
    lines = []
    header = "| | " + " | ".join(engines) + " | trawl vs best peer |"
    lines += [header, "|" + "---|" * (len(engines) + 2)]

    def add(label, values, best, better, digits="%.1f"):
        cells = [("–" if v is None else digits % v) for v in values]
        lines.append("| %s | %s | %s |" % (label, " | ".join(cells), fmt_ratio(ratio(values[0], best, better))))

    get = lambda key: [rows[e].get(key) for e in engines]
    add("indexing MB/s (1 thread)", get("index_mb_s"), best_peer(rows, "index_mb_s", True), True)
    add("indexing docs/s (1 thread)", get("docs_s"), best_peer(rows, "docs_s", True), True, "%.0f")
    add("indexing MB/s (2 threads)", get("index_mb_s_2_threads"), best_peer(rows, "index_mb_s", True), True)
    add("optimize (merge) s", get("optimize_s"), None, False, "%.1f")
    add("peak RSS MB (indexing)", get("peak_rss_mb"), best_peer(rows, "peak_rss_mb", False), False, "%.0f")
    add("index size / text", get("index_size_ratio"), best_peer(rows, "index_size_ratio", False), False, "%.2f")
    add("… with text stored", get("stored_index_size_ratio"),
        best_peer(rows, "index_size_ratio", False), False, "%.2f")
    add("open ms", get("open_ms"), best_peer(rows, "open_ms", False), False, "%.2f")
    for variant in ("top-10", "top-1000", "top-10 exact"):
        for cls in CLASSES:
            values = [latency(rows[e], variant, cls) for e in engines]
            best = best_peer(rows, None, False, lambda r, _: latency(r, variant, cls))
            add("%s %s median µs" % (variant, cls), values, best, False, "%.0f")
            if variant == "top-10":
                p99 = [latency(rows[e], variant, cls, "p99_us") for e in engines]
                best_p99 = best_peer(rows, None, False,
                                     lambda r, _: latency(r, variant, cls, "p99_us"))
                add("%s %s p99 µs" % (variant, cls), p99, best_p99, False, "%.0f")
                qps = [latency(rows[e], variant, cls, "qps") for e in engines]
                add("%s %s queries/s" % (variant, cls), qps,
                    best_peer(rows, None, True, lambda r, _: latency(r, variant, cls, "qps")), True, "%.0f")
    return "\n".join(lines)


def chart(rows, out_dir):
    data = os.path.join(out_dir, "latency.dat")
    engines = list(rows)
    with open(data, "w", encoding="utf-8") as f:
        f.write("class " + " ".join('"%s"' % e for e in engines) + "\n")
        for cls in CLASSES:
            f.write(cls + " " + " ".join(str(latency(rows[e], "top-10", cls) or "NaN") for e in engines) + "\n")
    values = [latency(rows[e], "top-10", c) or 1 for e in engines for c in CLASSES]
    top = 10 ** math.ceil(math.log10(max(values) * 1.5))
    script = f"""
set terminal svg size 860,420 font "sans,12" background rgb "white"
set output "{os.path.join(out_dir, 'latency.svg')}"
set title "Top-10 median latency per query class (µs, log scale; lower is better)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set yrange [1:{top}]
set ylabel "µs"
set grid ytics
set key outside right top
plot for [i=2:{len(engines) + 1}] "{data}" using i:xtic(1) title columnheader(i)
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    runs = load(sys.argv[1])
    out_dir = sys.argv[2]
    rows = summary(runs)
    text = table(rows)
    print(text)
    with open(os.path.join(out_dir, "report.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(os.path.join(out_dir, "report.json"), "w", encoding="utf-8") as f:
        json.dump({"engines": rows, "runs": runs}, f, indent=1, ensure_ascii=False)
    if "--chart" in sys.argv[3:]:
        chart(rows, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
