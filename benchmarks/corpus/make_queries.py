#!/usr/bin/env python3
"""Draws a query file (class<TAB>words) from a JSON Lines corpus, deterministically.

Every query is taken from one document, so each finds at least that document: words are drawn
from a random position of a random document's body, as a reader of that document would pick
them. Words are lower-case letters only, 3 to 20 long, not stop words (trawl's English list).

  term    one word                      and     two words of the document
  or      two to four words             phrase  two or three adjacent words

and the structured classes (benchmarks/compare/harness.h): filter, sorted, facet, offset and after
with the words of the "or" queries, and range with a first day (0 .. 9,100); and typo
tolerance's (drawn with a generator of their own, so the classes above stay as they were):

  fuzzy1  "or" words, each of five letters or more with one random edit
  fuzzy2  the same with one or two edits        prefix_last    "or" words, the last cut short
  wildcard  a word of six letters or more, a letter '?' and its end '*' ("bou?da*")
  phrase_prefix  a phrase, its last word cut short
  suggest        fuzzy1's queries, for did-you-mean

Usage: make_queries.py CORPUS.jsonl QUERIES.tsv [--per-class N] [--seed S] [--stop-words FILE]
"""

import json
import random
import sys

from query_words import arguments, usable, words_of, write_queries


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspelt(word, rng):
    """`word` with one random edit: a deletion, insertion, substitution or transposition."""
    i, kind = rng.randrange(len(word)), rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + rng.choice(LETTERS) + word[i:]
    if kind == 2:
        return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def cut(word, rng):
    """`word` as typed so far: its first 3 letters or more, never all."""
    return word[:rng.randint(3, max(3, len(word) - 1))]


def add_typo_classes(queries, rng):
    """The classes of issue 15, from the "or" and "phrase" queries drawn already."""
    def typos(words, most):
        out = []
        for w in words.split():
            if len(w) >= 5:
                for _ in range(rng.randint(1, most)):
                    w = misspelt(w, rng)
            out.append(w)
        return " ".join(out)
    ors, phrases = queries["or"], queries["phrase"]
    queries["fuzzy1"] = [typos(q, 1) for q in ors]
    queries["fuzzy2"] = [typos(q, 2) for q in ors]
    queries["prefix_last"] = [" ".join(q.split()[:-1] + [cut(q.split()[-1], rng)]) for q in ors]
    queries["phrase_prefix"] = [" ".join(q.split()[:-1] + [cut(q.split()[-1], rng)])
                                for q in phrases]
    long_words = [w for q in ors for w in q.split() if len(w) >= 6]
    queries["wildcard"] = []
    for _ in range(len(ors)):
        w = rng.choice(long_words)
        at = rng.randint(1, 3)
        queries["wildcard"].append(w[:at] + "?" + w[at + 1:rng.randint(at + 2, len(w) - 1)] + "*")
    queries["suggest"] = list(queries["fuzzy1"])  # no draw: the classes above stay as they were


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
    add_typo_classes(queries, random.Random(args.seed + 15))
    write_queries(queries, args)
    print("make_queries: %d queries -> %s" % (sum(len(q) for q in queries.values()), args.output),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
