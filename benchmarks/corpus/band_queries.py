#!/usr/bin/env python3
"""Draws a second query file (class<TAB>words) from a JSON Lines corpus, by another rule than
make_queries.py, deterministically: the queries trawl is never tuned on (with the second corpus).

  term    one word, 50 from each of five document-frequency bands (the share of documents
          holding it: up to 0.05%, 0.5%, 2%, 10%, and more), so rare and common words weigh
          the same
  and     two to four words of one document (make_queries.py: always two)
  or      two to four words of one document, drawn apart from the "and" ones
  phrase  two or three adjacent words of one document

and the structured classes of benchmarks/compare/harness.h, as make_queries.py makes them (the
"or" words; range: a first day). Words are lower-case letters only, 3 to 20 long, not stop
words (trawl's English list).

Usage: band_queries.py CORPUS.jsonl QUERIES.tsv [--per-class N] [--seed S] [--stop-words FILE]
"""

import json
import random
import sys

from query_words import arguments, usable, words_of, write_queries

BANDS = (0.0005, 0.005, 0.02, 0.1, 1.0)  # upper bounds of df / N


def main():
    args, stops = arguments(__doc__, seed=20261202)

    with open(args.corpus, encoding="utf-8") as f:  # per document: (word, follows the last)
        documents = [words_of(json.loads(line)["body"]) for line in f if line.strip()]
    df = {}
    for words in documents:
        for word in {w for w, _ in words if usable(w, stops)}:
            df[word] = df.get(word, 0) + 1
    n = len(documents)
    bands = [[] for _ in BANDS]
    for word in sorted(df):
        share = df[word] / n
        bands[next(i for i, top in enumerate(BANDS) if share <= top)].append(word)

    rng = random.Random(args.seed)
    queries = {"term": [], "and": [], "or": [], "phrase": []}
    per_band = args.per_class // len(BANDS)
    for i, band in enumerate(bands):
        want = per_band + (args.per_class - per_band * len(BANDS) if i == len(BANDS) - 1 else 0)
        queries["term"] += [rng.choice(band) for _ in range(want)] if band else []
    while any(len(queries[c]) < args.per_class for c in ("and", "or", "phrase")):
        words = documents[rng.randrange(n)]
        candidates = sorted({w for w, _ in words if usable(w, stops)})
        for name in ("and", "or"):
            count = rng.randint(2, 4)
            if len(queries[name]) < args.per_class and len(candidates) >= count:
                queries[name].append(" ".join(rng.sample(candidates, count)))
        count = rng.randint(2, 3)
        if len(queries["phrase"]) < args.per_class and len(words) >= count:
            start = rng.randrange(len(words) - count + 1)
            run = words[start:start + count]
            if all(usable(w, stops) for w, _ in run) and all(a for _, a in run[1:]):
                queries["phrase"].append(" ".join(w for w, _ in run))
    write_queries(queries, args)
    print("band_queries: %d queries (term bands: %s words) -> %s" %
          (sum(len(q) for q in queries.values()), "/".join(str(len(b)) for b in bands),
           args.output), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
