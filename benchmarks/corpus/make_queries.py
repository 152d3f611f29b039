#!/usr/bin/env python3
"""Draws a query file (class<TAB>words) from a JSON Lines corpus, deterministically.

Every query is taken from one document, so each finds at least that document: words are drawn
from a random position of a random document's body, as a reader of that document would pick
them. Words are lower-case letters only, 3 to 20 long, not stop words (trawl's English list).

  term    one word                      and     two words of the document
  or      two to four words             phrase  two or three adjacent words

and the structured classes (benchmarks/compare/harness.h): filter, sorted, facet, offset and after
with the words of the "or" queries, and range with a first day (0 .. 9,100).

Usage: make_queries.py CORPUS.jsonl QUERIES.tsv [--per-class N] [--seed S] [--stop-words FILE]
"""

import json
import random
import sys

from query_words import arguments, usable, words_of, write_queries


def main():
    args, stops = arguments(__doc__, seed=20261127)

    with open(args.corpus, encoding="utf-8") as f:
        bodies = [json.loads(line)["body"] for line in f if line.strip()]
    rng = random.Random(args.seed)

    queries = {name: [] for name in ("term", "and", "or", "phrase")}
    sizes = {"term": (1, 1), "and": (2, 2), "or": (2, 4), "phrase": (2, 3)}
    while any(len(q) < args.per_class for q in queries.values()):
        words = words_of(bodies[rng.randrange(len(bodies))])
        for name, found in queries.items():
            if len(found) >= args.per_class or not words:
                continue
            low, high = sizes[name]
            count = rng.randint(low, high)
            if name == "phrase":
                start = rng.randrange(len(words))
                run = words[start:start + count]
                if len(run) == count and all(usable(w, stops) for w, _ in run) and all(a for _, a in run[1:]):
                    found.append(" ".join(w for w, _ in run))
            else:
                candidates = sorted({w for w, _ in words if usable(w, stops)})
                if len(candidates) >= count:
                    found.append(" ".join(rng.sample(candidates, count)))
    write_queries(queries, args)
    print("make_queries: %d queries -> %s" % (sum(len(q) for q in queries.values()), args.output),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
