"""The words the query drawers (make_queries.py, band_queries.py) draw from: lower-case letters
only, 3 to 20 long, not stop words (trawl's English list), and which of them follow the word
before with nothing but spaces between (so that a run of them is a phrase)."""

import argparse
import os
import random
import re

WORD = re.compile(r"[A-Za-z]+")
STOP_WORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "../../src/analysis/stopwords/english.txt")


def stop_words(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split("|", 1)[0].split()
            if fields:
                words.add(fields[0])
    return words


def usable(word, stops):
    return 3 <= len(word) <= 20 and word not in stops


def words_of(body):
    """(word, adjacent-to-previous) pairs of a text, lower-cased, in order."""
    out = []
    end = -1
    for match in WORD.finditer(body):
        out.append((match.group(0).lower(), end >= 0 and body[end:match.start()].isspace()))
        end = match.end()
    return out


def arguments(doc, seed):
    """The drawers' command line (CORPUS.jsonl QUERIES.tsv [--per-class N] [--seed S]
    [--stop-words FILE]), parsed, and the stop words it names."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("output")
    parser.add_argument("--per-class", type=int, default=250)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--stop-words", default=STOP_WORDS)
    args = parser.parse_args()
    return args, stop_words(args.stop_words)


def write_queries(queries, args):
    """Writes the text classes of `queries` (class -> list of words) and the structured classes
    of benchmarks/compare/harness.h: filter, sorted, facet, offset and after with the "or"
    words, range with a first day (0 .. 9,100), drawn apart so the text classes stay as they
    are."""
    structured_rng = random.Random(args.seed + 1)
    for name in ("filter", "sorted", "facet", "offset", "after"):
        queries[name] = list(queries["or"])
    queries["range"] = [str(structured_rng.randrange(9131 - 30)) for _ in range(args.per_class)]
    with open(args.output, "w", encoding="utf-8") as out:
        for name, found in queries.items():
            for query in found:
                out.write("%s\t%s\n" % (name, query))
