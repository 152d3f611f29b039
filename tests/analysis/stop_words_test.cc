#include "trawl/analysis/stop_words.h"

#include <catch2/catch.hpp>

#include "trawl/analysis/language.h"

TEST_CASE("StopWords: the Snowball lists are compiled in", "[analysis]") {
  auto english = trawl::StopWords::for_language("english");
  REQUIRE(english.has_value());
  CHECK(english->contains("the"));
  CHECK(english->contains("yourselves"));
  CHECK_FALSE(english->contains("us"));  // commented out in the list: US = United States
  CHECK_FALSE(english->contains("talks"));
  CHECK(english->size() > 150);

  auto russian = trawl::StopWords::for_language("ru");
  REQUIRE(russian.has_value());
  CHECK(russian->contains("и"));
  CHECK(russian->contains("что"));
  CHECK_FALSE(russian->contains("москва"));

  int with_lists = 0;
  for (const trawl::Language& language : trawl::languages()) {
    CAPTURE(language.name);
    auto words = trawl::StopWords::for_language(language.name);
    CHECK(words.has_value() == language.has_stop_words);
    if (words) {
      ++with_lists;
      CHECK(words->size() > 10);
    }
  }
  CHECK(with_lists == 17);  // 16 lists; "porter" shares the English one
}

TEST_CASE("StopWords: lists are normalised like tokens", "[analysis]") {
  auto words = trawl::StopWords::from_words({"The", "STRASSE", "Ｆｕｌｌ", ""});
  REQUIRE(words.has_value());
  CHECK(words->size() == 3);
  CHECK(words->contains("the"));
  CHECK(words->contains("strasse"));
  CHECK(words->contains("full"));
  CHECK_FALSE(words->contains(""));
}

TEST_CASE("StopWords: Snowball list format", "[analysis]") {
  auto words = trawl::StopWords::parse(
      " | a comment line\n"
      "alpha   | trailing comment\n"
      "\n"
      "beta\r\n"
      "   gamma extra words ignored\n"
      "|delta\n"
      "epsilon");
  REQUIRE(words.has_value());
  CHECK(words->size() == 4);
  for (const char* word : {"alpha", "beta", "gamma", "epsilon"}) CHECK(words->contains(word));
  CHECK_FALSE(words->contains("delta"));
}

TEST_CASE("StopWords: unknown language and language without a list", "[analysis]") {
  CHECK(trawl::StopWords::for_language("xx").error().is_invalid_argument());
  CHECK(trawl::StopWords::for_language("greek").error().is_not_found());
  CHECK(trawl::StopWords().empty());
}

TEST_CASE("StopWords: the filter drops listed terms only", "[analysis]") {
  auto words = trawl::StopWords::from_words({"the"});
  REQUIRE(words.has_value());
  auto filter = trawl::make_stop_filter(*words);
  trawl::Token token;
  token.term = "the";
  CHECK_FALSE(filter->apply(token));
  token.term = "theory";
  CHECK(filter->apply(token));
  CHECK(filter->clone()->apply(token));
}
