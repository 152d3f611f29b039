#!/usr/bin/env bash
# Drives multilingual indexing from the command line as a user would: a schema whose text fields
# transliterate, the multilingual news set, and searches across scripts.
# Usage: multilingual_test.sh <trawl-binary> <repository-root>
set -u
trawl=$1
root=$2
source "$(dirname "$0")/lib.sh"

news=$root/tests/data/multilingual/news.jsonl
cat >"$work/schema.json" <<'JSON'
{"unique_key": "id", "fields": {"id": {"type": "keyword"}, "lang": {"type": "keyword"},
 "title": {"type": "text", "language": "ru", "transliterate": true},
 "body": {"type": "text", "language": "ru", "transliterate": true}}}
JSON
expect_exit "index --schema with transliterate" 0 \
  "$trawl" index --index "$work/news" --schema "$work/schema.json" "$news"
grep -q "indexed 12 documents" "$work/out" || fail "indexing the news set: $(cat "$work/out")"

# The ids of a search's hits, sorted, on one line.
hits() { "$trawl" search --index "$work/news" --json --fields lang "$@" | grep -o '"id":"[^"]*"' | sort | tr '\n' ' '; }
expect "Moskva finds Москве" '^"id":"en-snow" "id":"ru-snow" $' hits "Moskva"
expect "Москва finds Moskva" '^"id":"en-snow" "id":"ru-snow" $' hits "Москва"
expect "Yeltsin finds Ельцина" '^"id":"en-yeltsin" "id":"ru-yeltsin" $' hits "Yeltsin"
expect "a phrase in Latin letters finds Cyrillic text" '^"id":"ru-geneva" $' hits '"proveli peregovory"'
expect "emoji are words" '^"id":"emoji-garden" $' hits "🌱"

# The schema keeps the key (stats prints it back), and an unknown key names the known ones.
expect "stats --schema shows transliterate" '"body":\{"type":"text","language":"ru","transliterate":true\}' \
  "$trawl" stats --index "$work/news" --schema
echo '{"fields": {"body": {"type": "text", "translit": true}}}' >"$work/bad.json"
expect_exit "an unknown schema key" 2 "$trawl" index --index "$work/bad" --schema "$work/bad.json" "$news"
grep -q 'unknown key "translit".*transliterate' "$work/out" || fail "bad key message: $(cat "$work/out")"
echo '{"fields": {"body": {"type": "text", "transliterate": "yes"}}}' >"$work/bad.json"
expect_exit "a wrong-typed schema key" 2 "$trawl" index --index "$work/bad" --schema "$work/bad.json" "$news"
grep -q '"transliterate" must be true or false' "$work/out" || fail "bad value message: $(cat "$work/out")"

finish multilingual
