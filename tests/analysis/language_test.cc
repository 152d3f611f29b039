#include "trawl/analysis/language.h"

#include <catch2/catch.hpp>
#include <libstemmer.h>

#include <algorithm>
#include <string>

TEST_CASE("Language: every libstemmer algorithm is a language", "[analysis]") {
  const std::vector<trawl::Language> all = trawl::languages();
  int algorithms = 0;
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    ++algorithms;
    CAPTURE(*name);
    auto language = trawl::find_language(*name);
    REQUIRE(language.has_value());
    CHECK(language->has_stemmer);
  }
  CHECK(algorithms >= 29);
  CHECK(std::count_if(all.begin(), all.end(),
                      [](const trawl::Language& l) { return l.has_stemmer; }) == algorithms);
  CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.name < b.name;
  }));
}

TEST_CASE("Language: names and ISO codes, any ASCII case", "[analysis]") {
  auto by_code = trawl::find_language("en");
  REQUIRE(by_code.has_value());
  CHECK(by_code->name == "english");
  CHECK(by_code->has_stop_words);
  CHECK(trawl::find_language("English")->code == "en");
  CHECK(trawl::find_language("RU")->name == "russian");
  CHECK(trawl::find_language("sesotho")->has_stemmer == false);
  CHECK(trawl::find_language("greek")->has_stop_words == false);
}

TEST_CASE("Language: unknown names are errors listing the known ones", "[analysis]") {
  for (const char* bad : {"", "xx", "englishh", "en ", "\xff"}) {
    CAPTURE(bad);
    auto language = trawl::find_language(bad);
    REQUIRE_FALSE(language);
    CHECK(language.error().is_invalid_argument());
    const std::string message(language.error().message());
    CHECK(message.find("unknown language") != std::string::npos);
    CHECK(message.find("russian/ru") != std::string::npos);
  }
}
