#!/usr/bin/env bash
# Drives `trawl search`, `batch` and `eval` as a user would, on the Cranfield collection.
# Usage: search_test.sh <trawl-binary> <repository-root>
set -u
trawl=$1
root=$2
source "$(dirname "$0")/lib.sh"

bash "$root/scripts/cranfield-jsonl" >"$work/cran.jsonl"
bash "$root/scripts/cranfield-topics" >"$work/topics.tsv"
bash "$root/scripts/cranfield-qrels" >"$work/qrels.txt"
[ "$(wc -l <"$work/topics.tsv")" -eq 225 ] || fail "225 topics expected"
[ "$(wc -l <"$work/qrels.txt")" -eq 1837 ] || fail "1837 judgments expected"
"$trawl" index --index "$work/idx" "$work/cran.jsonl" >/dev/null || fail "index"

expect "search" "hits for \\(boundary layer\\).*  1  [0-9]+ +[0-9.]+" \
  "$trawl" search --index "$work/idx" -k 3 boundary layer
expect "search --json" '^\{"query":"\\"boundary layer\\"","total_hits":[0-9]+,"total_is_exact":true,"hits":\[\{"rank":1,"id":"[0-9]+","score":' \
  "$trawl" search --index "$work/idx" --json -k 2 '"boundary layer"'
expect "search --snippets --explain" "  1  [0-9]+ .*boundary.*idf = ln" \
  "$trawl" search --index "$work/idx" -k 1 --snippets --explain boundary layer
expect "json snippets" '"snippet":"[^"]*<b>boundary</b>' \
  "$trawl" search --index "$work/idx" --json --snippets -k 1 boundary
expect "search after --" "hits for" "$trawl" search --index "$work/idx" -- -flutter wing
expect_exit "malformed query" 2 "$trawl" search --index "$work/idx" '"unclosed'
grep -q "query: at 9: expected '\"' to close the phrase opened at 0" "$work/out" \
  || fail "malformed query message: $(cat "$work/out")"

"$trawl" batch --index "$work/idx" --topics "$work/topics.tsv" --threads 2 >"$work/run.txt" \
  || fail "batch"
[ "$(cut -d' ' -f1 "$work/run.txt" | uniq | wc -l)" -eq 225 ] || fail "batch answers 225 topics in order"
head -n 1 "$work/run.txt" | grep -Eq '^1 Q0 [0-9]+ 1 [0-9.]+ trawl$' || fail "TREC run format: $(head -n 1 "$work/run.txt")"
"$trawl" batch --index "$work/idx" --topics "$work/topics.tsv" --timings "$work/times.tsv" >"$work/run1.txt"
[ "$(wc -l <"$work/times.tsv")" -eq 225 ] || fail "--timings writes one line per topic"
grep -Evq '^[0-9]+	[0-9]+$' "$work/times.tsv" && fail "--timings lines are qid<TAB>microseconds"
cmp -s "$work/run.txt" "$work/run1.txt" || fail "batch output depends on the thread count"
expect "eval" "queries +225.*nDCG@10 +0\\.3[5-9].*Recall@1000 +0\\.9[5-9]" \
  "$trawl" eval --qrels "$work/qrels.txt" --run "$work/run.txt"

# Typo tolerance: --fuzzy, word~ and their errors.
expect "a typo finds nothing" "^0 hits for bounadry" "$trawl" search --index "$work/idx" bounadry
expect "search --fuzzy" "  1  [0-9]+ .*\\*\\*boundary\\*\\*" \
  "$trawl" search --index "$work/idx" -k 1 --snippets --fuzzy bounadry
expect "word~ explained" "fuzzy 'bounadri', distance 1" \
  "$trawl" search --index "$work/idx" -k 1 --explain 'bounadry~'
expect_exit "word~3" 2 "$trawl" search --index "$work/idx" 'bounadry~3'
grep -q "query: at 9: a fuzzy word's edits are 0, 1 or 2" "$work/out" || fail "word~3: $(cat "$work/out")"
expect_exit "--edit-penalty 2" 2 "$trawl" search --index "$work/idx" --edit-penalty 2 wing
"$trawl" batch --index "$work/idx" --topics "$work/topics.tsv" --fuzzy >"$work/fuzzy.txt" \
  || fail "batch --fuzzy"
[ "$(cut -d' ' -f1 "$work/fuzzy.txt" | uniq | wc -l)" -eq 225 ] || fail "batch --fuzzy answers 225 topics"
cmp -s "$work/run.txt" "$work/fuzzy.txt" && fail "batch --fuzzy ranks as without it"

# Search as you type and wildcards.
expect "search --prefix-last" "^(at least )?[0-9]+ hits for \\(boundary \"lay\"\\*\\)" \
  "$trawl" search --index "$work/idx" --prefix-last boundary lay
expect "phrase prefix" "\\*\\*boundary layers?\\*\\*" \
  "$trawl" search --index "$work/idx" -k 1 --snippets '"boundary lay"*'
expect "wildcard" "\\*\\*(supersonic|hypersonic)\\*\\*" \
  "$trawl" search --index "$work/idx" -k 1 --snippets '*erson*'
# Did you mean: a query with few hits gets a corrected one, a phrase one that occurs.
expect "did you mean" "0 hits for \\(boundry layr\\).did you mean: boundary layer" \
  "$trawl" search --index "$work/idx" -k 3 boundry layr
expect "did you mean, phrase" "did you mean: \"shock wave\"" \
  "$trawl" search --index "$work/idx" -k 3 '"shock wavs"'
"$trawl" search --index "$work/idx" -k 3 boundary layer >"$work/out" || fail "boundary layer"
grep -q "did you mean" "$work/out" && fail "a suggestion for a query with hits"
# A prefix past the stem ("experiment"): matched through the words as written.
expect "prefix over surfaces" "\\*\\*experiment[a-z]*\\*\\*" \
  "$trawl" search --index "$work/idx" -k 1 --snippets 'experimenta*'
printf '1\tboundary lay\n' >"$work/typing.tsv"
expect "batch --prefix-last" "^1 Q0" \
  "$trawl" batch --index "$work/idx" --topics "$work/typing.tsv" --prefix-last -k 1

printf 'bad line without tab\n' >"$work/bad.tsv"
expect_exit "bad topics" 2 "$trawl" batch --index "$work/idx" --topics "$work/bad.tsv"
printf '1\t"boundary (layer\n' >"$work/syntax.tsv"
expect_exit "bad topic syntax" 2 "$trawl" batch --index "$work/idx" --topics "$work/syntax.tsv" --syntax
expect "plain text tolerates anything" "^1 Q0" \
  "$trawl" batch --index "$work/idx" --topics "$work/syntax.tsv" -k 1
expect_exit "missing run" 1 "$trawl" eval --qrels "$work/qrels.txt" --run "$work/none"

# The issue's repro: a segment without the query's words adds no hits.
printf '{"id":"1","body":"rouble falls"}\n' >"$work/a.jsonl"
printf '{"id":"2","body":"Moscow markets"}\n{"id":"3","body":"oil prices"}\n' >"$work/b.jsonl"
"$trawl" index --index "$work/two" "$work/a.jsonl" >/dev/null || fail "index a"
"$trawl" index --index "$work/two" "$work/b.jsonl" >/dev/null || fail "index b"
expect "one hit across segments" "^1 hit for \\(rouble zzz\\)" \
  "$trawl" search --index "$work/two" 'rouble zzz'
expect "keyword clause adds to the score" "1 hit .*  1  2 +1\\.9" \
  "$trawl" search --index "$work/two" 'moscow id:2'

# Bad numbers say the bounds; a query starting with '-' is told to use '--'.
expect_exit "-k -1" 2 "$trawl" search --index "$work/idx" -k -1 wing
grep -q "'-1' is not a whole number from 0 to 1000000" "$work/out" || fail "-k -1: $(cat "$work/out")"
expect_exit "-k too large" 2 "$trawl" search --index "$work/idx" -k 99999999999999999999 wing
grep -q "from 0 to 1000000" "$work/out" || fail "-k huge: $(cat "$work/out")"
expect_exit "--k1 negative" 2 "$trawl" search --index "$work/idx" --k1 -3 wing
grep -q "'-3' is not a number from 0 to 1000$" "$work/out" || fail "--k1 bounds: $(cat "$work/out")"
expect_exit "query starting with -" 2 "$trawl" search --index "$work/idx" -flutter
grep -q "needs '--' before it" "$work/out" || fail "-flutter: $(cat "$work/out")"

for unsupported in '*' 'title:*' 'Mos*w~' 'a\?b*c' '[a TO b]' 'a OR OR b'; do
  expect_exit "unsupported syntax $unsupported" 2 "$trawl" search --index "$work/idx" -- "$unsupported"
  grep -q "InvalidArgument: query: at [0-9]*: " "$work/out" || fail "$unsupported: $(cat "$work/out")"
done

# Snippets: escaped HTML in JSON, bold only on a terminal, never with NO_COLOR.
printf '{"id":"x","title":"Alert","body":"<script>alert(\\"Moscow\\")</script> and Moscow"}\n' \
  >"$work/html.jsonl"
"$trawl" index --index "$work/html" "$work/html.jsonl" >/dev/null || fail "index html"
expect "json: escaped snippet, stored fields, explanation tree" \
  '"fields":\{"id":"x","title":"Alert","body":"<script>.*"snippet":"&lt;script&gt;alert\(&quot;<b>Moscow</b>&quot;\)&lt;/script&gt; and <b>Moscow</b>","snippet_field":"body","explanation":\{"value":[0-9.]+,"description":"sum of:","details":\[\{' \
  "$trawl" search --index "$work/html" --json --snippets --explain moscow
# A query past the clause limit is refused with the limit named; --max-clauses raises it.
long=$(for i in $(seq 1 1100); do printf 'w%d ' "$i"; done)
expect_exit "too many clauses" 2 "$trawl" search --index "$work/idx" -- "$long wing"
grep -q "more than 1024 clauses" "$work/out" || fail "clause limit message: $(cat "$work/out")"
expect "--max-clauses" "hits for" "$trawl" search --index "$work/idx" --max-clauses 5000 -- "$long wing"
printf '1	%s wing
' "$long" >"$work/long.tsv"
expect_exit "batch: too many clauses" 2 "$trawl" batch --index "$work/idx" --topics "$work/long.tsv"
expect "batch --max-clauses" "^1 Q0" \
  "$trawl" batch --index "$work/idx" --topics "$work/long.tsv" --max-clauses 5000 -k 1

# Invalid UTF-8 in a query does not make the JSON invalid.
"$trawl" search --index "$work/html" --json $'mosc\xffow' >"$work/json" || fail "json with invalid UTF-8"
LC_ALL=C grep -q $'\xff' "$work/json" && fail "invalid UTF-8 copied into JSON: $(cat "$work/json")"
grep -q $'"query":"mosc\xef\xbf\xbdow"' "$work/json" || fail "U+FFFD in the JSON query: $(cat "$work/json")"
expect "json --fields" '"fields":\{"title":"Alert"\}' \
  "$trawl" search --index "$work/html" --json --fields title moscow
expect_exit "json --fields unknown" 2 "$trawl" search --index "$work/html" --json --fields nope moscow
"$trawl" search --index "$work/html" --snippets moscow >"$work/piped"
grep -q $'\033' "$work/piped" && fail "ANSI codes written to a pipe"
grep -q '<script>alert("\*\*Moscow\*\*")</script>' "$work/piped" || fail "pipe snippet: $(cat "$work/piped")"
if command -v script >/dev/null; then
  script -qc "$trawl search --index $work/html --snippets moscow" /dev/null >"$work/tty"
  grep -q $'\033\[1mMoscow' "$work/tty" || fail "bold on a terminal: $(cat "$work/tty")"
  NO_COLOR=1 script -qc "$trawl search --index $work/html --snippets moscow" /dev/null >"$work/tty"
  grep -q $'\033' "$work/tty" && fail "ANSI codes with NO_COLOR"
fi

finish "trawl search/batch/eval"
