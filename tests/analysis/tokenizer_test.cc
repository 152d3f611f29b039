#include "trawl/analysis/tokenizer.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "analysis/icu_word_tokenizer.h"
#include "support/random_text.h"
#include "support/test_data.h"
#include "support/token_format.h"

namespace {

using trawl::Token;

std::vector<Token> tokenize(trawl::Tokenizer& tokenizer, std::string_view text) {
  std::vector<Token> tokens;
  tokenizer.reset(text);
  Token token;
  while (tokenizer.advance(token)) tokens.push_back(token);
  REQUIRE(tokenizer.status().ok());
  return tokens;
}

std::vector<Token> tokenize(std::string_view text) {
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  return tokenize(**tokenizer, text);
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> result;
  for (const Token& token : tokenize(text)) result.push_back(token.term);
  return result;
}

using Words = std::vector<std::string>;

// "" when equal, else the first differing token of each side: readable failures on long texts.
std::string first_difference(const std::vector<Token>& a, const std::vector<Token>& b) {
  const auto str = [](const std::vector<Token>& v, std::size_t i) {
    return i < v.size() ? Catch::StringMaker<Token>::convert(v[i]) : std::string("<end>");
  };
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    if (i >= a.size() || i >= b.size() || a[i] != b[i]) {
      return "token " + std::to_string(i) + ": " + str(a, i) + " vs " + str(b, i);
    }
  }
  return "";
}

}  // namespace

TEST_CASE("Tokenizer: English words, contractions, possessives, hyphens", "[analysis]") {
  CHECK(words("Don't stop: John's dog-walker isn't here.") ==
        Words{"Don't", "stop", "John's", "dog", "walker", "isn't", "here"});
  CHECK(words("state-of-the-art U.S. e-mail") ==
        Words{"state", "of", "the", "art", "U.S", "e", "mail"});
}

TEST_CASE("Tokenizer: numbers stay whole", "[analysis]") {
  CHECK(words("paid $1,000.50 on 3/14 at 10am, v1.2.3 and 2024-01-05") ==
        Words{"paid", "1,000.50", "on", "3", "14", "at", "10am", "v1.2.3", "and", "2024", "01",
              "05"});
}

TEST_CASE("Tokenizer: URLs and e-mail addresses", "[analysis]") {
  // UAX #29 splits URLs at '/', ':', '?' and '='; host names and e-mail addresses stay whole
  // in ICU 72, so "example.com" and "jane.doe@example.org" are single searchable words.
  CHECK(words("see http://example.com/a?b=c") == Words{"see", "http", "example.com", "a", "b", "c"});
  CHECK(words("mail jane.doe@example.org now") == Words{"mail", "jane.doe@example.org", "now"});
}

TEST_CASE("Tokenizer: scripts with and without spaces", "[analysis]") {
  CHECK(words("Москва — столица России.") == Words{"Москва", "столица", "России"});
  CHECK(words("Die Straßenbahn-Haltestelle.") == Words{"Die", "Straßenbahn", "Haltestelle"});
  CHECK(words("Η Αθήνα είναι η πρωτεύουσα.") ==
        Words{"Η", "Αθήνα", "είναι", "η", "πρωτεύουσα"});
  CHECK(words("مرحبا بالعالم، هذه تجربة.") == Words{"مرحبا", "بالعالم", "هذه", "تجربة"});
  // Ideographs, kana, Thai, Lao and Khmer are segmented with ICU's dictionaries.
  CHECK(words("我们在北京学习中文。") == Words{"我们", "在", "北京", "学习", "中文"});
  CHECK(words("東京都に住んでいます。カタカナ") ==
        Words{"東京", "都", "に", "住", "んで", "い", "ます", "カタカナ"});
  CHECK(words("ภาษาไทยง่ายนิดเดียว") == Words{"ภาษา", "ไทย", "ง่าย", "นิด", "เดียว"});
  CHECK(words("ພາສາລາວ") == Words{"ພາສາ", "ລາວ"});
  CHECK(words("ខ្ញុំស្រលាញ់អ្នក") == Words{"ខ្ញុំ", "ស្រលាញ់", "អ្នក"});
  CHECK(words("안녕하세요 세계") == Words{"안녕하세요", "세계"});
}

TEST_CASE("Tokenizer: punctuation, spaces and mathematical symbols are skipped", "[analysis]") {
  CHECK(words("").empty());
  CHECK(words(" \t\n ").empty());
  CHECK(words("... -- !? (…) «»").empty());
  CHECK(words("→ ∑ + = $ € ^ ¬").empty());  // Sm, Sc and Sk
}

TEST_CASE("Tokenizer: emoji and other symbols are tokens", "[analysis]") {
  // Each emoji sequence is one token: a skin tone, a ZWJ family, a flag (two regional
  // indicators), a keycap; "other symbols" (General_Category So) too.
  CHECK(words("😀👍🏽 ★ → ∑") == Words{"😀", "👍🏽", "★"});
  CHECK(words("🌱plants") == Words{"🌱", "plants"});
  CHECK(words("family 👩‍👩‍👧 flag 🇺🇦🇩🇪") ==
        Words{"family", "👩‍👩‍👧", "flag", "🇺🇦", "🇩🇪"});
  CHECK(words("© 2026 ♥ °") == Words{"©", "2026", "♥", "°"});
  const auto tokens = tokenize("I ❤️ NY");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].term == "❤️");  // with its variation selector, as written
  CHECK(tokens[1].position == 1);
  CHECK(tokens[1].byte_begin == 2);
  CHECK(tokens[1].byte_end == 8);
  // The replacement character stands for invalid bytes: never a token, though a symbol.
  CHECK(words("a \xEF\xBF\xBD b \xFF c") == Words{"a", "b", "c"});
}

TEST_CASE("Tokenizer: positions count tokens and offsets slice the surface form", "[analysis]") {
  const std::string text = "Secret «track two» talks, 北京 — Ёлка!";
  const std::vector<Token> tokens = tokenize(text);
  REQUIRE(tokens.size() == 6);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(tokens[i].position == i);
    CHECK(text.substr(tokens[i].byte_begin, tokens[i].byte_end - tokens[i].byte_begin) ==
          tokens[i].term);
  }
}

TEST_CASE("Tokenizer: invalid UTF-8 keeps the valid text around it", "[analysis]") {
  // truncated sequence, stray bytes, a lone continuation, an overlong form, a surrogate and
  // a code point past U+10FFFF
  const std::string text =
      "caf\xc3 \xff\xfehello\x80world \xc0\xafx \xed\xa0\x80y \xf4\x90\x80\x80z end";
  const std::vector<Token> tokens = tokenize(text);
  std::vector<std::string> terms;
  for (const Token& token : tokens) {
    terms.push_back(token.term);
    CHECK(text.substr(token.byte_begin, token.byte_end - token.byte_begin) == token.term);
  }
  CHECK(terms == Words{"caf", "hello", "world", "x", "y", "z", "end"});
  CHECK(tokens[1].byte_begin == 7);
  CHECK(tokens[2].byte_begin == 13);
}

TEST_CASE("Tokenizer: reset starts over and clones are independent", "[analysis]") {
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  auto clone = (*tokenizer)->clone();
  (*tokenizer)->reset("one two three");
  Token token;
  REQUIRE((*tokenizer)->advance(token));
  CHECK(tokenize(*clone, "alpha beta").size() == 2);
  REQUIRE((*tokenizer)->advance(token));
  CHECK(token.term == "two");
  CHECK(token.position == 1);
  CHECK(tokenize(**tokenizer, "again").front().position == 0);
}

TEST_CASE("Tokenizer: windowed tokenization equals whole-text tokenization", "[analysis]") {
  // The tokenizer reads long texts in windows cut at whitespace (or, failing that, holds back the
  // last segment). Tiny windows force many cuts; the tokens must not change.
  // The reference: ICU alone over the whole text. The windowed tokenizer also takes the ASCII
  // fast path wherever a window is pure ASCII.
  auto whole = trawl::analysis_internal::IcuWordTokenizer::create(std::size_t{1} << 30,
                                                                  /*ascii_fast_path=*/false);
  REQUIRE(whole.has_value());
  const std::size_t window = GENERATE(as<std::size_t>{}, 16, 17, 31, 64, 257);
  auto windowed = trawl::analysis_internal::IcuWordTokenizer::create(window);
  REQUIRE(windowed.has_value());
  const auto seed = GENERATE(take(8, random(0u, 1000000u)));
  CAPTURE(window, seed);
  std::mt19937_64 rng(seed);

  SECTION("text with whitespace") {
    const std::string text = trawl::test::random_text(rng, 300);
    CAPTURE(text);
    CHECK(first_difference(tokenize(**windowed, text), tokenize(**whole, text)) == "");
  }
  SECTION("Chinese and Japanese without spaces are cut at ideographic punctuation") {
    static constexpr std::string_view kPieces[] = {"北京", "学习中文", "東京都", "カタカナ",
                                                   "ひらがな", "。", "、", "！"};
    std::string text;
    for (int i = 0; i < 300; ++i) text += kPieces[rng() % std::size(kPieces)];
    CHECK(first_difference(tokenize(**windowed, text), tokenize(**whole, text)) == "");
  }
  SECTION("Latin text without whitespace forces cuts between segments") {
    std::string text;
    static constexpr std::string_view kPieces[] = {"word,", "Ёлка;", "1,000", ".", "x"};
    for (int i = 0; i < 300; ++i) text += kPieces[rng() % std::size(kPieces)];
    CHECK(first_difference(tokenize(**windowed, text), tokenize(**whole, text)) == "");
  }
}

// The pieces ASCII segmentation turns on: every word-break class, in every order.
std::string random_ascii(std::mt19937_64& rng, int pieces) {
  static constexpr std::string_view kPieces[] = {
      "a", "Zq", "x", "7", "42", "_", "@", ".", "'", ",", ";", ":", "-", "!", "\"", "(", ")",
      "#", "$", "%", "&", "*", "+", "/", "<", "=", ">", "?", "[", "]", "^", "`", "{", "|",
      "}", "~", " ", "  ", "\t", "\n", "\r\n", "\f", "\v", "don't", "U.S.", "3.14",
      "1,000", "e-mail", "a_b", "__init__", "x@y.org", "\x01", "\x7f"};
  std::string text;
  for (int i = 0; i < pieces; ++i) text += kPieces[rng() % std::size(kPieces)];
  return text;
}

TEST_CASE("Tokenizer: the ASCII fast path gives exactly ICU's tokens", "[analysis]") {
  auto icu = trawl::analysis_internal::IcuWordTokenizer::create(
      trawl::analysis_internal::IcuWordTokenizer::kDefaultWindowBytes, /*ascii_fast_path=*/false);
  auto fast = trawl::analysis_internal::IcuWordTokenizer::create();
  REQUIRE(icu.has_value());
  REQUIRE(fast.has_value());
  const auto seed = GENERATE(take(20, random(0u, 1000000u)));
  CAPTURE(seed);
  std::mt19937_64 rng(seed);

  SECTION("random ASCII, dense with punctuation") {
    const std::string text = random_ascii(rng, 2000);
    CHECK(first_difference(tokenize(**fast, text), tokenize(**icu, text)) == "");
  }
  SECTION("ASCII with a few non-ASCII characters (ICU windows in between)") {
    std::string text = random_ascii(rng, 3000);
    static constexpr std::string_view kWide[] = {"é", "“", "”", "’", "Ж", "北京", "\u0301", "—"};
    for (int i = 0; i < 6; ++i) {
      text.insert(rng() % text.size(), kWide[rng() % std::size(kWide)]);
    }
    CHECK(first_difference(tokenize(**fast, text), tokenize(**icu, text)) == "");
  }
}

TEST_CASE("Tokenizer: the ASCII fast path gives ICU's tokens on real text", "[analysis]") {
  auto icu = trawl::analysis_internal::IcuWordTokenizer::create(
      trawl::analysis_internal::IcuWordTokenizer::kDefaultWindowBytes, /*ascii_fast_path=*/false);
  auto fast = trawl::analysis_internal::IcuWordTokenizer::create();
  REQUIRE(icu.has_value());
  REQUIRE(fast.has_value());
  std::vector<std::string> files = {trawl::test::source_path("data/cranfield/cran.all.1400"),
                                    trawl::test::source_path("data/seed/moscow-times-track-two-talks.txt")};
  // A larger corpus on request, e.g. the benchmark corpus (scripts/bench builds it):
  // TRAWL_TOKENIZER_CORPUS=build/bench-data/english.jsonl
  if (const char* extra = std::getenv("TRAWL_TOKENIZER_CORPUS")) files.emplace_back(extra);
  for (const std::string& file : files) {
    CAPTURE(file);
    const std::string text = trawl::test::read_file(file);
    // In slices, so that a difference is reported near where it is.
    constexpr std::size_t kSlice = 1 << 20;
    for (std::size_t at = 0; at < text.size(); at += kSlice) {
      const std::string_view slice = std::string_view(text).substr(at, kSlice);
      CAPTURE(at);
      CHECK(first_difference(tokenize(**fast, slice), tokenize(**icu, slice)) == "");
    }
  }
}

TEST_CASE("Tokenizer: a single enormous word is not lost", "[analysis]") {
  auto tokenizer = trawl::analysis_internal::IcuWordTokenizer::create(16);
  REQUIRE(tokenizer.has_value());
  const std::string word(100, 'a');
  const std::vector<Token> tokens = tokenize(**tokenizer, word + " b");
  REQUIRE(!tokens.empty());
  std::string joined;
  for (const Token& token : tokens) {
    if (token.term != "b") joined += token.term;
  }
  CHECK(joined == word);
  CHECK(tokens.back().term == "b");
}
