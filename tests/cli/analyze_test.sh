#!/usr/bin/env bash
# Drives `trawl analyze` as a user would: output format, options, exit codes.
# Usage: analyze_test.sh <trawl-binary> <tests-source-dir>
set -u
trawl=$1
tests=$2
source "$(dirname "$0")/lib.sh"

expect_output() {  # expect_output <description> <expected> <command...>
  local description=$1 expected=$2
  shift 2
  local actual
  actual=$("$@" 2>&1)
  [ "$actual" == "$expected" ] || fail "$description: expected [$expected], got [$actual]"
}

tab=$'\t'
expect_output "text argument" "peac${tab}0${tab}0${tab}5
talk${tab}1${tab}6${tab}11" "$trawl" analyze "Peace Talks"
expect_output "standard input" "peac${tab}0${tab}0${tab}5" bash -c "printf 'Peace' | '$trawl' analyze"
expect_output "--no-stem --no-stopwords" "the${tab}0${tab}0${tab}3
talks${tab}1${tab}4${tab}9" "$trawl" analyze --no-stem --no-stopwords "The talks"
expect_output "--lang ru" "елк${tab}0${tab}0${tab}8" "$trawl" analyze --lang ru "Ёлка"
expect_output "--fold-diacritics" "cafe${tab}0${tab}0${tab}5" \
  "$trawl" analyze --lang none --fold-diacritics "Café"
expect_output "--lang auto: Russian" "language${tab}ru
переговор${tab}0${tab}0${tab}20
женев${tab}2${tab}24${tab}36" "$trawl" analyze --lang auto "Переговоры в Женеве"
expect_output "--lang auto: German, from standard input" "language${tab}de
gesprach${tab}1${tab}4${tab}14
genf${tab}3${tab}18${tab}22
endet${tab}4${tab}23${tab}30" bash -c "printf 'Die Gespräche in Genf endeten am Freitag spät' | '$trawl' analyze -l auto | head -4"
# Chinese is detected and analysed as Chinese: no stemmer, CJK bigrams on.
expect_output "--lang auto: Chinese" "language${tab}zh
会谈${tab}0${tab}0${tab}6
在${tab}1${tab}6${tab}9
日内瓦${tab}2${tab}9${tab}18
日内${tab}2${tab}9${tab}18
内瓦${tab}2${tab}9${tab}18
举行${tab}3${tab}18${tab}24" "$trawl" analyze --lang auto "会谈在日内瓦举行。"
expect_output "--lang auto: short Latin text takes the default" "language${tab}en
talk${tab}0${tab}0${tab}5" "$trawl" analyze --lang auto "Talks"
# --transliterate: a word's forms in the other script follow it, at its position and bytes.
expect_output "--transliterate" "москв${tab}0${tab}0${tab}12
moskve${tab}0${tab}0${tab}12
moskv${tab}0${tab}0${tab}12
moskva${tab}1${tab}13${tab}19
москв${tab}1${tab}13${tab}19
moskv${tab}1${tab}13${tab}19" "$trawl" analyze --lang ru --transliterate "Москве Moskva"
expect_output "--lang auto --transliterate" "language${tab}ru
ельцин${tab}0${tab}0${tab}14
yeltsina${tab}0${tab}0${tab}14
yeltsin${tab}0${tab}0${tab}14" bash -c "'$trawl' analyze --lang auto --transliterate 'Ельцина вспоминают в Екатеринбурге, где открылась новая выставка' | head -4"
expect_output "empty text" "" "$trawl" analyze ""
expect_output "invalid UTF-8" "ok${tab}0${tab}1${tab}3" bash -c "printf '\\xffok\\xc3' | '$trawl' analyze"

expect_exit "success" 0 "$trawl" analyze "text"
expect_exit "unknown option" 2 "$trawl" analyze --bogus "text"
expect_exit "unknown language" 2 "$trawl" analyze --lang klingon "text"
expect_exit "no subcommand" 2 "$trawl"
expect_exit "unknown subcommand" 2 "$trawl" frobnicate
expect_exit "help" 0 "$trawl" analyze --help
"$trawl" analyze --lang klingon x 2>&1 | grep -q "known: arabic/ar" \
  || fail "unknown language message lists the languages"
expect_exit "an unknown language code" 2 "$trawl" analyze --lang xx "x"
grep -q "^trawl analyze: InvalidArgument: analyzer: unknown language 'xx'.*'none'" "$work/out" \
  || fail "analyze --lang xx: $(cat "$work/out")"
# Chinese and Japanese: dictionary words, and CJK bigrams by default (--cjk-bigrams elsewhere).
expect_output "--lang zh: bigrams of longer words" "人民${tab}0${tab}0${tab}6
共和国${tab}1${tab}6${tab}15
共和${tab}1${tab}6${tab}15
和国${tab}1${tab}6${tab}15" "$trawl" analyze --lang zh "人民共和国"
expect_output "--cjk-bigrams" "共和国${tab}1${tab}6${tab}15
共和${tab}1${tab}6${tab}15" bash -c "'$trawl' analyze --lang none --cjk-bigrams 人民共和国 | sed -n 2,3p"
expect_output "--fold-kana" "かたかな${tab}0${tab}0${tab}12" "$trawl" analyze --lang none --fold-kana "カタカナ"
expect "--lang none segments Chinese" "北京" "$trawl" analyze --lang none "我爱北京"

# The seed article matches the golden output of the library test.
expect_output "seed article" "$(cat "$tests/golden/analysis/seed_english.tsv")" \
  "$trawl" analyze --lang en "$(cat "$tests/data/seed/moscow-times-track-two-talks.txt")"

finish "trawl analyze"
