#include "trawl/analysis/token_filter.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "analysis/icu_util.h"

namespace {

// The term `filter` makes of `word`, or "<dropped>".
std::string run(trawl::TokenFilter& filter, std::string word) {
  trawl::Token token;
  token.term = std::move(word);
  if (!filter.apply(token)) return "<dropped>";
  REQUIRE(filter.status().ok());
  return token.term;
}

std::unique_ptr<trawl::TokenFilter> normalizer() {
  auto filter = trawl::make_normalize_filter();
  REQUIRE(filter.has_value());
  return std::move(filter).value();
}

std::unique_ptr<trawl::TokenFilter> folder() {
  auto filter = trawl::make_diacritic_fold_filter();
  REQUIRE(filter.has_value());
  return std::move(filter).value();
}

}  // namespace

TEST_CASE("Normalize filter: NFKC_Casefold", "[analysis]") {
  auto filter = normalizer();
  CHECK(run(*filter, "HeLLo") == "hello");
  CHECK(run(*filter, "Straße") == "strasse");
  CHECK(run(*filter, "ＦＵＬＬ") == "full");
  CHECK(run(*filter, "ﬁnance") == "finance");
  CHECK(run(*filter, "ΑΘΗΝΑ") == "αθηνα");
  CHECK(run(*filter, "ΕΛΛΆΔΑΣ") == "ελλάδασ");
  CHECK(run(*filter, "Ёлка") == "ёлка");
  CHECK(run(*filter, "co\u00ADop") == "coop");   // soft hyphen is default-ignorable
  CHECK(run(*filter, "\u00AD") == "<dropped>");  // nothing left
  CHECK(run(*filter, "e\u0301") == "\u00e9");     // composed
  CHECK(run(*filter, "北京") == "北京");
  // Typographic apostrophes become ASCII ones.
  CHECK(run(*filter, "Trump\u2019s") == "trump's");
  CHECK(run(*filter, "\u2018tis\u02BC\u201B") == "'tis''");
}

TEST_CASE("Normalize filter: the ASCII fast path equals ICU's NFKC_Casefold", "[analysis]") {
  auto icu = trawl::analysis_internal::nfkc_casefold_normalizer();
  REQUIRE(icu.has_value());
  auto filter = normalizer();
  const auto seed = GENERATE(take(20, random(0u, 1000000u)));
  CAPTURE(seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 200; ++i) {
    std::string word(1 + rng() % 20, ' ');
    for (char& c : word) c = static_cast<char>(rng() % 128);
    std::string expected;
    REQUIRE(trawl::analysis_internal::normalize_utf8(**icu, word, expected).ok());
    CAPTURE(word);
    CHECK(run(*filter, word) == (expected.empty() ? "<dropped>" : expected));
  }
}

TEST_CASE("Diacritic fold filter: accents go, letters stay", "[analysis]") {
  auto filter = folder();
  CHECK(run(*filter, "café") == "cafe");
  CHECK(run(*filter, "ёлка") == "елка");
  CHECK(run(*filter, "Ёлка") == "Елка");
  CHECK(run(*filter, "йогурт") == "иогурт");
  CHECK(run(*filter, "άλφα") == "αλφα");
  CHECK(run(*filter, "łódź") == "lodz");
  CHECK(run(*filter, "søren") == "soren");
  CHECK(run(*filter, "crème brûlée") == "creme brulee");
  CHECK(run(*filter, "مُحَمَّد") == "محمد");
  CHECK(run(*filter, "שָׁלוֹם") == "שלום");
  CHECK(run(*filter, "plain") == "plain");
  // Marks that are part of the letter in Indic, Thai and Khmer scripts are kept.
  CHECK(run(*filter, "हिन्दी") == "हिन्दी");
  CHECK(run(*filter, "ง่าย") == "ง่าย");
  CHECK(run(*filter, "ខ្ញុំ") == "ខ្ញុំ");
  // Only marks: nothing left.
  CHECK(run(*filter, "\u0301\u0308") == "<dropped>");
}

TEST_CASE("Length filter: drops empty and over-long terms", "[analysis]") {
  auto filter = trawl::make_length_filter(5);
  CHECK(run(*filter, "") == "<dropped>");
  CHECK(run(*filter, "abcde") == "abcde");
  CHECK(run(*filter, "abcdef") == "<dropped>");
  CHECK(run(*filter->clone(), "ёл") == "ёл");  // 4 bytes
  CHECK(run(*filter, "ёлк") == "<dropped>");    // 6 bytes
}

TEST_CASE("Filters: invalid UTF-8 in a term never fails", "[analysis]") {
  // The word tokenizer never emits ill-formed bytes, but a custom tokenizer might.
  auto normalize = normalizer();
  auto fold = folder();
  for (const char* bad : {"\xff", "ab\xc3", "\xed\xa0\x80x", "caf\xc3\xa9\xff"}) {
    CAPTURE(bad);
    CHECK_NOTHROW(run(*normalize, bad));
    CHECK_NOTHROW(run(*fold, bad));
  }
  CHECK(run(*normalize, "A\xff") == "a\xef\xbf\xbd");
}
