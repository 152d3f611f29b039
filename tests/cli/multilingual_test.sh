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

# Synonyms from a file named by the schema (relative to it), shown by stats as their groups.
printf 'ceasefire, truce\n# a comment\ntalks,negotiations\n' >"$work/synonyms.txt"
cat >"$work/synonyms.json" <<'JSON'
{"unique_key": "id", "fields": {"id": {"type": "keyword"}, "lang": {"type": "keyword"},
 "title": {"type": "text", "language": "en"},
 "body": {"type": "text", "language": "en", "synonyms": "synonyms.txt"}}}
JSON
expect_exit "index with synonyms" 0 \
  "$trawl" index --index "$work/synonyms" --schema "$work/synonyms.json" "$news"
expect "a synonym finds its word" '^"id":"en-geneva" $' \
  bash -c "'$trawl' search --index '$work/synonyms' --json --fields lang 'body:truce' | grep -o '\"id\":\"[^\"]*\"' | sort -u | tr '\n' ' '"
expect "stats --schema shows the groups" '"synonyms":\[\["ceasefire","truce"\],\["talks","negotiations"\]\]' \
  "$trawl" stats --index "$work/synonyms" --schema
printf 'ceasefire\n' >"$work/synonyms.txt"
expect_exit "a bad synonym list" 2 "$trawl" index --index "$work/bad" --schema "$work/synonyms.json" "$news"
grep -q 'synonyms.txt: synonyms: line 1: a group needs two words' "$work/out" \
  || fail "bad synonyms message: $(cat "$work/out")"
expect_output() { local d=$1 e=$2; shift 2; local a; a=$("$@" 2>&1); [ "$a" == "$e" ] || fail "$d: [$a]"; }
printf 'car, automobile\n' >"$work/cars.txt"
expect_output "analyze --synonyms" "car	0	0	3
automobil	0	0	3" "$trawl" analyze --synonyms "$work/cars.txt" "car"

finish multilingual
