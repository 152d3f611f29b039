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
"$program" index "$work/corpus.jsonl" "$work/index" >"$work/index.json"
grep -q '"phase":"index"' "$work/index.json"
grep -q '"documents":200,' "$work/index.json"
"$program" search "$work/index" "$work/queries.tsv" --passes 1 >"$work/search.json"
for class in term and or phrase; do
  grep -q "\"$class\":{\"queries\":1," "$work/search.json" || { cat "$work/search.json"; exit 1; }
done
# Every class finds something in these documents.
if grep -q '"mean_hits":0[,}]' "$work/search.json"; then cat "$work/search.json"; exit 1; fi
# Malformed input is an error naming the place, not a crash.
printf 'fuzzy\tword\n' >"$work/bad.tsv"
if "$program" search "$work/index" "$work/bad.tsv" 2>"$work/err"; then exit 1; fi
grep -q "bad.tsv:1:" "$work/err"
echo "ok: $(basename "$program")"
