#include "trawl/analysis/stemmer.h"

#include <catch2/catch.hpp>

#include <string>

#include "trawl/analysis/language.h"
#include "trawl/analysis/tokenizer.h"
#include "analysis/stem_filter.h"
#include "support/random_text.h"

#include <random>

namespace {

std::string stem(std::string_view language, std::string word) {
  auto filter = trawl::make_stem_filter(language);
  REQUIRE(filter.has_value());
  trawl::Token token;
  token.term = std::move(word);
  REQUIRE((*filter)->apply(token));
  return token.term;
}

}  // namespace

TEST_CASE("Stemmer: Snowball vocabulary pairs", "[analysis]") {
  // Pairs from the Snowball algorithms' published vocabularies and descriptions.
  struct Pair {
    const char* language;
    const char* word;
    const char* stem;
  };
  const Pair pairs[] = {
      {"english", "running", "run"},          {"english", "talks", "talk"},
      {"english", "generously", "generous"},  {"english", "connection", "connect"},
      {"english", "consistency", "consist"},  {"english", "ponies", "poni"},
      {"porter", "generalizations", "gener"}, {"porter", "caresses", "caress"},
      {"russian", "книги", "книг"},           {"russian", "говорили", "говор"},
      {"russian", "красивая", "красив"},      {"german", "häuser", "haus"},
      {"german", "aufeinanderfolgenden", "aufeinanderfolg"},
      {"french", "continuellement", "continuel"}, {"french", "chevaux", "cheval"},
      {"spanish", "canciones", "cancion"},    {"italian", "abbandonata", "abbandon"},
      {"dutch", "lichamelijk", "licham"},     {"swedish", "jaktkarlarne", "jaktkarl"},
      {"finnish", "taloissa", "talo"},        {"hungarian", "házakban", "ház"},
      {"turkish", "kitaplar", "kitap"},       {"greek", "αθήνα", "αθην"},
      {"arabic", "المكتبات", "مكتب"},
  };
  for (const Pair& pair : pairs) {
    CAPTURE(pair.language, pair.word);
    CHECK(stem(pair.language, pair.word) == pair.stem);
  }
}

TEST_CASE("Stemmer: ISO codes name the same algorithm", "[analysis]") {
  CHECK(stem("en", "talking") == "talk");
  CHECK(stem("RU", "книги") == "книг");
}

TEST_CASE("Stemmer: every language with a stemmer stems without failing", "[analysis]") {
  for (const trawl::Language& language : trawl::languages()) {
    CAPTURE(language.name);
    auto filter = trawl::make_stem_filter(language.name);
    if (!language.has_stemmer) {
      CHECK(filter.error().is_not_found());
      continue;
    }
    REQUIRE(filter.has_value());
    // Any valid UTF-8 is acceptable input, whatever its script.
    for (const char* word : {"a", "testing", "книгами", "αθήνα", "中文", "x\xcc\x81"}) {
      trawl::Token token;
      token.term = word;
      (*filter)->apply(token);
      CHECK((*filter)->status().ok());
    }
    auto clone = (*filter)->clone();
    CHECK(clone != nullptr);
  }
}

TEST_CASE("Stemmer: unknown languages are errors naming the known ones", "[analysis]") {
  auto filter = trawl::make_stem_filter("klingon");
  REQUIRE_FALSE(filter);
  CHECK(filter.error().is_invalid_argument());
  CHECK(std::string(filter.error().message()).find("english/en") != std::string::npos);
}

TEST_CASE("Stemmer: the stem cache gives exactly Snowball's stems", "[analysis]") {
  const std::string language = GENERATE("english", "russian", "german", "porter");
  const std::size_t capacity = GENERATE(as<std::size_t>{}, 1, 7, 16384);
  CAPTURE(language, capacity);
  trawl::analysis_internal::StemFilter cached(language, capacity);
  trawl::analysis_internal::StemFilter reference(language, 0);
  std::mt19937_64 rng(99);
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  for (int round = 0; round < 5; ++round) {
    const std::string text = trawl::test::random_text(rng, 400) +
                             " talks talking talked книги книгами häuser generalizations";
    (*tokenizer)->reset(text);
    trawl::Token token;
    while ((*tokenizer)->advance(token)) {
      trawl::Token a = token, b = token;
      const bool kept_a = cached.apply(a);
      const bool kept_b = reference.apply(b);
      CHECK(kept_a == kept_b);
      CHECK(a.term == b.term);
    }
  }
}
