#include "trawl/analysis/stemmer.h"

#include <catch2/catch.hpp>

#include <string>

#include "trawl/analysis/language.h"

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
