#!/usr/bin/env bash
# Drives `trawl index`, `stats`, `check`, `merge` and `delete` as a user would.
# Usage: index_test.sh <trawl-binary> <repository-root>
set -u
trawl=$1
root=$2
source "$(dirname "$0")/lib.sh"

# The Cranfield collection, as JSON Lines.
bash "$root/scripts/cranfield-jsonl" >"$work/cran.jsonl"
[ "$(wc -l <"$work/cran.jsonl")" -eq 1400 ] || fail "cranfield-jsonl wrote $(wc -l <"$work/cran.jsonl") lines"

expect "index Cranfield" "indexed 1400 documents.*holds 1400 documents in 1 segment" \
  "$trawl" index --index "$work/idx" "$work/cran.jsonl"
expect "stats" "documents +1400.*segments +1.*field body +average length" \
  "$trawl" stats --index "$work/idx"
expect "check" "^ok: 1400 documents in 1 segment," "$trawl" check --index "$work/idx"

# Re-indexing the same ids replaces documents.
head -n 10 "$work/cran.jsonl" >"$work/ten.jsonl"
expect "replace" "holds 1400 documents in 2 segments" \
  "$trawl" index --index "$work/idx" "$work/ten.jsonl"
expect "stats after replace" "deleted +10" "$trawl" stats --index "$work/idx"

# Malformed lines are reported with their line number and skipped; --strict stops.
printf '{"id":"new1","body":"fine"}\nnot json\n{"body":"no id"}\n{"id":"new2","body":"fine"}\n' \
  >"$work/bad.jsonl"
expect "skip malformed" "indexed 2 documents.*2 malformed records skipped" \
  "$trawl" index --index "$work/idx" "$work/bad.jsonl"
"$trawl" index --index "$work/idx" "$work/bad.jsonl" 2>&1 | grep -q "bad.jsonl:2: malformed JSON" \
  || fail "malformed line is reported with its line number"
expect_exit "strict" 1 "$trawl" index --index "$work/idx" --strict "$work/bad.jsonl"
expect "strict loses nothing committed" "documents +1402" "$trawl" stats --index "$work/idx"

# Standard input and folders of text files.
printf '{"_id":7,"body":"from standard input"}\n' | "$trawl" index --index "$work/idx" - >/dev/null \
  || fail "index from standard input"
mkdir -p "$work/texts/sub"
printf 'First title\nsome text about peace talks\n' >"$work/texts/a.txt"
printf '# Second\nmore text\n' >"$work/texts/sub/b.md"
printf 'ignored' >"$work/texts/c.json"
expect "folder" "indexed 2 documents" "$trawl" index --index "$work/folder" "$work/texts"
expect "folder stats" 'schema +\{"unique_key":"id","fields":\{"id":\{"type":"keyword"\},"title":\{"type":"text","language":"english"\},"body":\{"type":"text","language":"english"\}\}\}' \
  "$trawl" stats --index "$work/folder"

# Delete and merge.
expect "delete" "deleted 2 documents" "$trawl" delete --index "$work/idx" 1 2 nope
# 1400 + new1 + new2 (id 7 from standard input replaced document 7) - 2 deleted. A merge
# in the documents' order and one that renumbers them (the default) find the same documents
# with the same scores.
cp -r "$work/idx" "$work/kept"
expect "merge keeping the order" "merged: 1 segment, 1400 documents" \
  "$trawl" merge --index "$work/kept" --keep-order
expect "merge" "merged: 1 segment, 1400 documents" "$trawl" merge --index "$work/idx"
expect "stats after merge" "deleted +0" "$trawl" stats --index "$work/idx"
expect "check after merge" "^ok: 1400 documents in 1 segment," "$trawl" check --index "$work/idx"
expect "merge again leaves it" "merged: 1 segment, 1400 documents" "$trawl" merge --index "$work/idx"
for index in kept idx; do
  "$trawl" search --index "$work/$index" -k 1400 --json -- boundary layer flow \
    | grep -o '"id":"[^"]*","score":[0-9.e+-]*' | sort >"$work/$index.hits" \
    || fail "search the merged $index"
done
[ "$(wc -l <"$work/idx.hits")" -gt 100 ] || fail "the merged index finds $(wc -l <"$work/idx.hits") documents"
cmp -s "$work/kept.hits" "$work/idx.hits" || fail "the two merges find different documents or scores"

# Damage is detected by check (exit 1, naming the file).
victim=$(ls "$work/idx"/*.doc | head -n 1)
printf '\x00\x01\x02' | dd of="$victim" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_exit "check damaged" 1 "$trawl" check --index "$work/idx"
grep -q "\.doc: checksum mismatch" "$work/out" || fail "check names the damaged file: $(cat "$work/out")"

# Damage a search reads is found by it, not answered around; a merge refuses to launder it.
# (A flipped bit in seg_1.len once dropped document 1 from rank 1 of title:slipstream, and
# `trawl merge` then wrote the damage into a segment that passed check.)
head -n 700 "$work/cran.jsonl" >"$work/half1.jsonl"
tail -n +701 "$work/cran.jsonl" >"$work/half2.jsonl"
"$trawl" index --index "$work/dmg" "$work/half1.jsonl" >/dev/null && \
  "$trawl" index --index "$work/dmg" "$work/half2.jsonl" >/dev/null || fail "index two halves"
expect "search intact" "hits for title:slipstream.  1  1 " "$trawl" search --index "$work/dmg" title:slipstream
byte=$(od -An -tu1 -j 48 -N 1 "$work/dmg/seg_1.len" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 64)))" | dd of="$work/dmg/seg_1.len" bs=1 seek=48 conv=notrunc 2>/dev/null
expect_exit "search damaged lengths" 1 "$trawl" search --index "$work/dmg" title:slipstream
grep -q "Corruption: seg_1.len: page 0 .* fails its checksum" "$work/out" \
  || fail "search names the damaged page: $(cat "$work/out")"
expect_exit "merge damaged" 1 "$trawl" merge --index "$work/dmg"
grep -q "Corruption: merging into segment seg_3: seg_1.len: checksum mismatch" "$work/out" \
  || fail "merge names the damaged file: $(cat "$work/out")"
[ -f "$work/dmg/seg_1.len" ] && [ -f "$work/dmg/seg_2.len" ] || fail "a failed merge keeps the segments"
expect_exit "check after a refused merge" 1 "$trawl" check --index "$work/dmg"
# Repair lists what it would drop, changes nothing without --yes, then drops the damaged segment.
expect_exit "repair without --yes" 1 "$trawl" check --repair --index "$work/dmg"
grep -q "^damaged seg_1: Corruption: seg_1.len" "$work/out" || fail "repair names the segment: $(cat "$work/out")"
[ "$(grep -c '^  [0-9]*$' "$work/out")" -eq 700 ] || fail "repair lists the 700 ids: $(head -3 "$work/out")"
[ -f "$work/dmg/seg_1.len" ] || fail "repair without --yes changed nothing"
expect_exit "--yes needs --repair" 2 "$trawl" check --yes --index "$work/dmg"
cp -r "$work/dmg" "$work/dmg-copy"
expect "repair --yes" "dropped seg_1: .*repaired: generation [0-9]+ holds 700 documents in 1 segment" \
  "$trawl" check --repair --yes --index "$work/dmg"
expect "check after repair" "^ok: 700 documents in 1 segment" "$trawl" check --index "$work/dmg"
expect "a dropped document is gone" "^0 hits for id:1" "$trawl" search --index "$work/dmg" id:1
expect "a kept document is there" "^1 hit for id:701" "$trawl" search --index "$work/dmg" id:701
# A file swapped in from another segment is recognised at open.
rm -rf "$work/dmg" && mv "$work/dmg-copy" "$work/dmg"
cp "$work/dmg/seg_2.pos" "$work/dmg/seg_1.pos"
expect_exit "search swapped positions" 1 "$trawl" search --index "$work/dmg" '"boundary layer"'
grep -q "seg_1.pos: belongs to another segment or index" "$work/out" \
  || fail "a swapped file is recognised: $(cat "$work/out")"

# Records larger than --max-document-mb are refused, counted, and fail the run unless skipped.
python3 - "$work/large.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as out:
    out.write(json.dumps({"id": "a", "body": "small"}) + "\n")
    out.write(json.dumps({"id": "b", "body": "x" * (3 << 20)}) + "\n")
    out.write(json.dumps({"id": "c", "body": "word " * 300000}) + "\n")
PY
expect_exit "refused records fail the run" 1 "$trawl" index --index "$work/large" --max-document-mb 1 "$work/large.jsonl"
grep -q "large.jsonl:2: a record of 3145751 bytes, more than --max-document-mb 1 (refused)" "$work/out" \
  || fail "the refused record is named: $(cat "$work/out")"
grep -q "indexed 1 documents.*; 2 records refused as too large" "$work/out" || fail "refusals counted: $(cat "$work/out")"
expect "--skip-refused" "indexed 1 documents.*2 records refused" \
  "$trawl" index --index "$work/large2" --max-document-mb 1 --skip-refused "$work/large.jsonl"
expect_exit "--strict stops at a refused record" 1 \
  "$trawl" index --index "$work/large3" --max-document-mb 1 --strict "$work/large.jsonl"
expect "the default takes them" "indexed 3 documents" "$trawl" index --index "$work/large4" "$work/large.jsonl"

# Usage errors.
expect_exit "missing --index" 2 "$trawl" index "$work/cran.jsonl"
expect_exit "missing index" 1 "$trawl" stats --index "$work/none"
expect_exit "merge --segments 0" 2 "$trawl" merge --index "$work/idx" --segments 0

# What a new user meets: nothing silently dropped, nothing silently ignored.
printf '\xEF\xBB\xBF{"id":"1","body":"rouble falls","year":2020,"tags":["a","b"]}\n{"id":"2","body":"oil","year":2021}\n' \
  >"$work/bom.jsonl"
expect "a byte-order mark is skipped" "indexed 2 documents" \
  "$trawl" index --index "$work/bom" "$work/bom.jsonl"
"$trawl" index --index "$work/bom2" "$work/bom.jsonl" 2>"$work/err" >/dev/null
[ "$(grep -c "field 'year' holds a number" "$work/err")" -eq 1 ] \
  || fail "a dropped number is reported once: $(cat "$work/err")"
grep -q "field 'tags' holds an array" "$work/err" || fail "a dropped array is reported: $(cat "$work/err")"
"$trawl" index --index "$work/bom3" "$work/bom.jsonl" >"$work/summary" 2>/dev/null
[ "$(tail -c 1 "$work/summary" | od -An -c | tr -d ' ')" = '\n' ] \
  || fail "the summary ends with a newline on a pipe"
expect_exit "--id-field naming no field" 1 "$trawl" index --index "$work/noid" --id-field nosuch \
  "$work/bom.jsonl"
grep -q "nothing indexed: all 2 records were skipped.*no 'nosuch' field" "$work/out" \
  || fail "--id-field nosuch says why: $(cat "$work/out")"
[ ! -e "$work/noid/MANIFEST" ] || fail "--id-field nosuch creates no index"
printf '' >"$work/empty.jsonl"
expect_exit "empty input" 1 "$trawl" index --index "$work/empty" "$work/empty.jsonl"
grep -q "the inputs hold no records" "$work/out" || fail "empty input message: $(cat "$work/out")"
expect_exit "--lang on an existing index" 2 "$trawl" index --index "$work/bom" --lang russian \
  "$work/bom.jsonl"
grep -q "exists with language 'english'; --lang russian only sets the language of a new index" \
  "$work/out" || fail "--lang on an existing index: $(cat "$work/out")"
expect "--lang agreeing with the index" "indexed 2 documents" \
  "$trawl" index --index "$work/bom" --lang en "$work/bom.jsonl"
expect_exit "--fields on an existing index" 2 "$trawl" index --index "$work/bom" --fields title \
  "$work/bom.jsonl"
"$trawl" index --index "$work/fields" --fields body,nosuch "$work/bom.jsonl" >/dev/null 2>"$work/err" \
  || fail "--fields with a field no record has"
grep -q "no record has the field 'nosuch' named by --fields" "$work/err" \
  || fail "--fields nosuch is reported: $(cat "$work/err")"

# A first record of many fields does not make an index of many fields unless they are named.
wide='{"id":"w"'
for i in $(seq 1 40); do wide="$wide,\"f$i\":\"text $i\""; done
printf '%s}\n' "$wide" >"$work/wide.jsonl"
expect_exit "a first record of 40 fields" 1 "$trawl" index --index "$work/wide" "$work/wide.jsonl"
grep -q "the first record has 40 string fields; a new index gets at most 32 text fields" "$work/out" \
  || fail "wide record message: $(cat "$work/out")"
expect "--fields names them" "indexed 1 documents" \
  "$trawl" index --index "$work/wide" --fields f1,f2 "$work/wide.jsonl"

# --wal: a run killed before its commit loses nothing it synced (every 1,000 records); the
# next run recovers it. The input is a pipe held open: once the run has read all 1,000 records
# (and synced them at the last), it waits in a read of the pipe, and is killed there.
mkfifo "$work/feed"
"$trawl" index --index "$work/wal" --wal "$work/feed" >/dev/null 2>&1 &
runner=$!
exec 7>"$work/feed"
head -n 1000 "$work/cran.jsonl" >&7
for _ in $(seq 1 600); do
  grep -q pipe_read "/proc/$runner/wchan" 2>/dev/null && break
  sleep 0.1
done
grep -q pipe_read "/proc/$runner/wchan" || fail "the run never waited for more input"
kill -9 "$runner"
wait "$runner" 2>/dev/null
exec 7>&-
expect "the killed run committed nothing" "documents +0" "$trawl" stats --index "$work/wal"
"$trawl" index --index "$work/wal" --wal "$work/ten.jsonl" >"$work/out" 2>&1 \
  || fail "index after the kill: $(cat "$work/out")"
grep -q "recovered 1000 change(s) from the write-ahead log" "$work/out" \
  || fail "the next run recovers the synced records: $(cat "$work/out")"
expect "every synced record is in" "documents +1000" "$trawl" stats --index "$work/wal"
expect "check after recovery" "^ok: 1000 documents" "$trawl" check --index "$work/wal"
logs=$(ls "$work/wal"/wal_*.log | wc -l)
[ "$logs" -eq 1 ] || fail "one write-ahead log is left after the commit, not $logs"
[ "$(stat -c %s "$work/wal"/wal_*.log)" -eq 8 ] || fail "the log is empty after the commit"

finish "trawl index/stats/check/merge/delete"
