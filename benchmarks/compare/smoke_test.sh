#!/usr/bin/env bash
# Smoke test of one comparison program: index 200 Cranfield documents, run one query of each
# class, check the JSON it prints. Usage: smoke_test.sh PROGRAM SOURCE_DIR
set -euo pipefail
program=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$source_dir/scripts/cranfield-jsonl" >"$work/all.jsonl"
head -n 200 "$work/all.jsonl" >"$work/corpus.jsonl"
printf 'term\tflow\nand\tboundary layer\nor\tshock heat transfer\nphrase\tboundary layer\n' >"$work/queries.tsv"
printf 'filter\tflow\nsorted\tflow\nfacet\tflow\nrange\t100\noffset\tflow\nafter\tflow\n' >>"$work/queries.tsv"
printf 'fuzzy1\tbounadry\nfuzzy2\tbonudary lyaers\nprefix_last\tshock boundary lay\n' >>"$work/queries.tsv"
printf 'wildcard\tbou?da*\nphrase_prefix\tboundary lay\nsuggest\tbounadry layr\n' \
  >>"$work/queries.tsv"
"$program" index "$work/corpus.jsonl" "$work/index" >"$work/index.json"
grep -q '"phase":"index"' "$work/index.json"
grep -q '"documents":200,' "$work/index.json"
"$program" search "$work/index" "$work/queries.tsv" --passes 1 >"$work/search.json"
for class in term and or phrase filter sorted facet range offset after; do
  grep -q "\"$class\":{\"queries\":1," "$work/search.json" || { cat "$work/search.json"; exit 1; }
done
# Every class but the narrow filter and range and the deep page finds something in these documents, and facets
# count every match.
python3 - "$work/search.json" "$program" <<'PY' || { cat "$work/search.json"; exit 1; }
import json, sys
classes = json.load(open(sys.argv[1]))["classes"]
assert all(classes[c]["mean_hits"] > 0 for c in ("term", "and", "or", "phrase", "sorted", "facet"))
assert classes["facet"]["mean_facet_documents"] == classes["facet"]["mean_hits"]
# Typo tolerance's classes: each engine serves those it has a query for; trawl serves them all
# and finds something (a peer may not: FTS5 stems the prefix "lay" to "lai", Lucene's fuzzy
# words are not stemmed).
typo = ("fuzzy1", "fuzzy2", "prefix_last", "wildcard", "phrase_prefix", "suggest")
assert all(classes[c]["queries"] == 1 for c in typo if c in classes)
assert "compare_trawl" not in sys.argv[2] or all(classes[c]["mean_hits"] > 0 for c in typo)
PY
# The same work for every engine: one text field, no stop words, kept for the search phase.
"$program" index "$work/corpus.jsonl" "$work/plain" --no-stop-words --one-field >"$work/plain.json"
grep -q '"stop_words":false,"one_field":true,' "$work/plain.json"
"$program" search "$work/plain" "$work/queries.tsv" --passes 1 >"$work/plain-search.json"
grep -q '"stop_words":false,"one_field":true,' "$work/plain-search.json"
python3 - "$work/plain-search.json" <<'PY' || { cat "$work/plain-search.json"; exit 1; }
import json, sys
classes = json.load(open(sys.argv[1]))["classes"]
assert all(classes[c]["mean_hits"] > 0 for c in ("term", "and", "or", "phrase"))
PY
# Malformed input is an error naming the place, not a crash.
printf 'fuzzy\tword\n' >"$work/bad.tsv"
if "$program" search "$work/index" "$work/bad.tsv" 2>"$work/err"; then exit 1; fi
grep -q "bad.tsv:1:" "$work/err"
echo "ok: $(basename "$program")"
