#!/usr/bin/env bash
# index_entropy on an index whose values are counted by hand.
# Usage: index_entropy_test.sh <index_entropy-binary> <trawl-binary>
set -u
entropy=$1
trawl=$2
source "$(dirname "$0")/../../tests/cli/lib.sh"

# body: "alpha beta alpha" in the first document, "beta" in the second. Position gaps (the
# words between a position and the one before it in its document): alpha 0 1, beta 1 and 0:
# two 0s and two 1s, 4 bits. Document gaps (documents skipped): alpha 0, beta 0 0: 0 bits.
# Frequencies less one: alpha 1, beta 0 0: log2(3) + 2 log2(3/2) = 2.75 bits.
printf '{"id":"1","body":"alpha beta alpha"}\n{"id":"2","body":"beta"}\n' >"$work/two.jsonl"
"$trawl" index --index "$work/idx" "$work/two.jsonl" >/dev/null || fail "indexing two documents"
expect "positions" "positions: 4 values, order-0 4.0 bits" "$entropy" "$work/idx" body
expect "document gaps" "document gaps: 3 values, order-0 0.0 bits" "$entropy" "$work/idx" body
expect "frequencies" "frequencies: 3 values, order-0 2.8 bits" "$entropy" "$work/idx" body
expect "every text field" "field body" "$entropy" "$work/idx"
expect_exit "no index" 1 "$entropy" "$work/absent"
grep -q "index_entropy: " "$work/out" || fail "no index: no message: $(cat "$work/out")"
expect_exit "no such field" 1 "$entropy" "$work/idx" nofield
grep -q "nofield" "$work/out" || fail "no such field: not named: $(cat "$work/out")"
finish index_entropy
