#!/usr/bin/env bash
# Drives structured search from the command line as a user would: `trawl index --schema`, typed
# JSON values, `trawl stats --schema`, and `trawl search` with filters, ranges, sorting, pages,
# cursors and facets, on a small news file and on Cranfield with its years and sources.
# Usage: structured_test.sh <trawl-binary> <repository-root>
set -u
trawl=$1
root=$2
source "$(dirname "$0")/lib.sh"

cat >"$work/schema.json" <<'JSON'
{"unique_key": "id", "fields": {"id": {"type": "keyword"}, "title": {"type": "text", "language": "en"},
 "body": {"type": "text", "language": "en"}, "section": {"type": "keyword"},
 "tags": {"type": "keyword", "stored": false}, "year": {"type": "numeric"}, "published": {"type": "date"}}}
JSON
cat >"$work/news.jsonl" <<'JSONL'
{"id": "a", "title": "Moscow talks resume", "body": "Envoys met in Moscow.", "section": "politics", "tags": ["russia", "diplomacy"], "year": 2025, "published": "2025-02-14T12:00:00Z"}
{"id": "b", "title": "Moscow markets fall", "body": "The rouble fell in Moscow trading.", "section": "business", "tags": ["russia"], "year": 2025, "published": "2025-02-10"}
{"id": "c", "title": "Geneva talks", "body": "Talks in Geneva.", "section": "politics", "year": 2024, "published": "2024-11-30T23:00:00-02:00"}
{"id": "d", "title": "Moscow weather", "body": "Snow in Moscow.", "section": "world", "year": "2023", "published": "2023-01-01"}
{"id": "e", "title": "Moscow oil", "body": "Oil deal signed in Moscow.", "section": "business", "year": 2025, "published": "yesterday"}
{"id": "f", "title": "Moscow gas", "body": "Gas talks in Moscow.", "section": "business", "tags": ["energy", 7], "year": 2025, "published": "2025-01-20"}
{"id": "g", "title": "Moscow archive", "body": "Old Moscow.", "section": "world", "published": "2025-02-01", "year": 2025.5}
{"id": "h", "title": "Moscow rail", "body": "Trains leave Moscow.", "section": "business", "year": 2025, "published": 1739664000000}
JSONL

# Wrong-typed values skip their record, naming the line and the field; --strict stops there.
expect_exit "index --schema" 0 "$trawl" index --index "$work/news" --schema "$work/schema.json" "$work/news.jsonl"
grep -q "indexed 4 documents.*; 4 malformed records skipped" "$work/out" || fail "typed indexing: $(cat "$work/out")"
grep -q "news.jsonl:4: field 'year' is numeric and cannot hold a string (skipped)" "$work/out" \
  || fail "a string for a number is named: $(cat "$work/out")"
grep -q "news.jsonl:5: document: field 'published': date 'yesterday'" "$work/out" \
  || fail "a bad date is named: $(cat "$work/out")"
grep -q "news.jsonl:6: field 'tags' is keyword and cannot hold a number (in an array)" "$work/out" \
  || fail "a number in a keyword array is named: $(cat "$work/out")"
grep -q "news.jsonl:7: field 'year' is numeric and cannot hold a number" "$work/out" \
  || fail "a fraction for an integer is named: $(cat "$work/out")"
expect_exit "--strict stops at a wrong type" 1 \
  "$trawl" index --index "$work/strict" --schema "$work/schema.json" --strict "$work/news.jsonl"
grep -q "news.jsonl:4: field 'year' is numeric and cannot hold a string (--strict)" "$work/out" \
  || fail "--strict names the record: $(cat "$work/out")"

# The schema round-trips through stats.
"$trawl" stats --index "$work/news" --schema >"$work/schema2.json" || fail "stats --schema"
expect "stats prints the schema" '"tags":\{"type":"keyword","stored":false\},"year":\{"type":"numeric"\},"published":\{"type":"date"\}' \
  "$trawl" stats --index "$work/news"
"$trawl" index --index "$work/news2" --schema "$work/schema2.json" "$work/news.jsonl" >/dev/null 2>&1
cmp -s "$work/schema2.json" <("$trawl" stats --index "$work/news2" --schema) || fail "the schema round-trips"
expect_exit "--schema differing from the index" 2 \
  "$trawl" index --index "$work/news" --schema <(echo '{"unique_key":"id","fields":{"id":{"type":"keyword"}}}') "$work/news.jsonl"
grep -q "exists with the schema" "$work/out" || fail "a conflicting --schema says so: $(cat "$work/out")"

# Malformed schemas: exit 2, naming the defect.
bad_schema() {  # bad_schema <description> <schema JSON> <message pattern>
  printf '%s' "$2" >"$work/bad.json"
  expect_exit "$1" 2 "$trawl" index --index "$work/bad" --schema "$work/bad.json" "$work/news.jsonl"
  grep -q -- "$3" "$work/out" || fail "$1: $(cat "$work/out")"
  [ ! -e "$work/bad/MANIFEST" ] || fail "$1 created an index"
}
bad_schema "malformed schema" '{"fields": ' "bad.json: malformed JSON"
bad_schema "unknown type" '{"unique_key":"id","fields":{"id":{"type":"keyword"},"n":{"type":"number"}}}' \
  "field 'n': unknown type \"number\" (expected text, keyword, numeric, date or stored)"
bad_schema "unknown key" '{"unique_key":"id","fields":{"id":{"type":"keyword","sorted":true}}}' \
  "field 'id': unknown key \"sorted\""
bad_schema "unknown language" '{"unique_key":"id","fields":{"id":{"type":"keyword"},"t":{"type":"text","language":"klingon"}}}' \
  "field 't': .*klingon"
bad_schema "no unique key" '{"fields":{"id":{"type":"keyword"}}}' "no \"unique_key\""
bad_schema "a numeric unique key" '{"unique_key":"n","fields":{"n":{"type":"numeric"}}}' \
  "unique key 'n' must be a keyword field, not numeric"
bad_schema "language on a keyword" '{"unique_key":"id","fields":{"id":{"type":"keyword","language":"en"}}}' \
  "apply to text fields only"
bad_schema "no fields" '{"unique_key":"id","fields":{}}' 'no "fields"'
expect_exit "--schema with --fields" 2 "$trawl" index --index "$work/bad" --schema "$work/schema.json" --fields title "$work/news.jsonl"

# Search: filters, ranges, date sorting, facets, the JSON contract.
"$trawl" search --index "$work/news" --json --sort -published --facet section \
  --facet-range year:2000,2025,2030 --facet-histogram published:month \
  --filter 'published:[2025-01-01 TO *]' moscow >"$work/search.json" || fail "structured search"
python3 - "$work/search.json" <<'PY' || fail "the JSON of a structured search: $(cat "$work/search.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["query", "total_hits", "total_is_exact", "hits", "facets", "next"], list(d)
assert d["total_hits"] == 3 and d["total_is_exact"] is True
assert [h["id"] for h in d["hits"]] == ["h", "a", "b"], d["hits"]
assert all(list(h) == ["rank", "id", "score", "fields"] for h in d["hits"])
assert [h["rank"] for h in d["hits"]] == [1, 2, 3]
assert "tags" not in d["hits"][1]["fields"] and d["hits"][1]["fields"]["year"] == 2025
assert d["facets"] == {
    "section": [{"value": "business", "count": 2}, {"value": "politics", "count": 1}],
    "year": [{"value": "[2000,2025)", "count": 0}, {"value": "[2025,2030)", "count": 3}],
    "published": [{"value": "2025-02-01T00:00:00Z", "count": 3}]}, d["facets"]
assert isinstance(d["next"], str) and d["next"]
PY
expect "a range in the query" "2 hits for .*published:\\[2024-12 TO 2025-02-10\\]" \
  "$trawl" search --index "$work/news" 'moscow +published:[2024-12 TO 2025-02-10]'
expect "a date-time comparison" "^2 hits for" "$trawl" search --index "$work/news" 'published:>2025-02-14T11:59:59Z'
expect "an offset-adjusted date" "^1 hit for" "$trawl" search --index "$work/news" 'published:2024-12-01'
expect "field groups" "^2 hits for" "$trawl" search --index "$work/news" 'tags:(russia OR energy)'
expect "no hits: next is null" '"hits":\[\],"facets":\{\},"next":null' \
  "$trawl" search --index "$work/news" --json 'year:<1900'
expect_exit "a range on a text field" 2 "$trawl" search --index "$work/news" 'title:[a TO b]'
grep -q "query: at 0: a range on field 'title', which is text" "$work/out" || fail "range on text: $(cat "$work/out")"
expect_exit "a bad date" 2 "$trawl" search --index "$work/news" 'published:[2025-13 TO *]'
grep -q "query: at 11: date '2025-13'" "$work/out" || fail "bad date: $(cat "$work/out")"
expect_exit "a bad filter" 2 "$trawl" search --index "$work/news" --filter 'year:[x TO 1]' moscow
grep -q "\-\-filter: query: at 6: 'x' is not a 64-bit integer" "$work/out" || fail "bad filter: $(cat "$work/out")"
expect_exit "sort by a text field" 2 "$trawl" search --index "$work/news" --sort title moscow
expect_exit "a bad cursor" 2 "$trawl" search --index "$work/news" --after nonsense moscow
expect_exit "a bad histogram" 2 "$trawl" search --index "$work/news" --facet-histogram published:week moscow
expect_exit "two facets of a field" 2 "$trawl" search --index "$work/news" --facet year --facet-histogram year:5 moscow
expect_exit "a bad facet count" 2 "$trawl" search --index "$work/news" --facet section:0 moscow
expect_exit "a range facet without edges" 2 "$trawl" search --index "$work/news" --facet-range year moscow

# Recency: with a decay the newest Moscow story ranks first; explain shows the factor.
expect "--decay" "  1  h .*
  2  a " "$trawl" search --index "$work/news" --decay published,2025-02-16,1d 'title:moscow'
expect "--decay explained" "decay = factor \\^ \\(distance / scale\\), factor 0.5" \
  "$trawl" search --index "$work/news" -k 1 --explain --decay published,2025-02-16,1d,0.5 'title:moscow'
expect_exit "a bad --decay" 2 "$trawl" search --index "$work/news" --decay published,2025,soon moscow
grep -q "the scale 'soon' is not a duration" "$work/out" || fail "bad decay: $(cat "$work/out")"

# Cranfield with its years and sources: cursor pages and offset pages equal one long page.
bash "$root/scripts/cranfield-jsonl" --structured >"$work/cran.jsonl"
"$trawl" index --index "$work/cran" --schema "$root/scripts/cranfield.schema.json" "$work/cran.jsonl" >/dev/null \
  || fail "index Cranfield with its schema"
python3 - "$trawl" "$work/cran" <<'PY' || fail "pages"
import json, subprocess, sys
trawl, index = sys.argv[1], sys.argv[2]
def search(*args):
    out = subprocess.run([trawl, "search", "--index", index, "--json", *args, "--", "boundary layer"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)
for sort in ([], ["--sort", "-published", "--sort", "source"], ["--sort", "year"]):
    whole = [h["id"] for h in search("-k", "60", *sort)["hits"]]
    paged, after = [], None
    while len(paged) < 60:
        page = search("-k", "7", *sort, *(["--after", after] if after else []))
        paged += [h["id"] for h in page["hits"]]
        after = page["next"]
    assert paged[:60] == whole, (sort, paged[:60], whole)
    assert [h["id"] for h in search("-k", "10", "--offset", "20", *sort)["hits"]] == whole[20:30], sort
facets = search("-k", "0", "--facet", "source:3", "--facet-histogram", "year:10")["facets"]
assert [f["value"] for f in facets["source"]] == ["j ae scs", "naca tn", "nasa tn d"], facets
assert all(f["value"].endswith("0") for f in facets["year"]), facets
PY

finish "trawl structured search"
