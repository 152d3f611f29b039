#include "trawl/search/query_parser.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

namespace {

std::string parsed(std::string_view text, trawl::QueryParserOptions options = {}) {
  auto query = trawl::parse_query(text, options);
  REQUIRE(query.has_value());
  return query->to_string();
}

std::string error_of(std::string_view text, trawl::QueryParserOptions options = {}) {
  auto query = trawl::parse_query(text, options);
  REQUIRE_FALSE(query.has_value());
  CHECK(query.error().is_invalid_argument());
  return std::string(query.error().message());
}

}  // namespace

TEST_CASE("Query parser: the syntax", "[search]") {
  CHECK(parsed("peace") == "peace");
  CHECK(parsed("peace talks") == "(peace talks)");
  CHECK(parsed("+peace -war talks") == "(+peace -war talks)");
  CHECK(parsed("peace AND talks") == "(+peace +talks)");
  CHECK(parsed("peace && talks || geneva") == "(+peace +talks geneva)");
  CHECK(parsed("peace OR talks") == "(peace talks)");
  CHECK(parsed("NOT war") == "(-war)");
  CHECK(parsed("peace NOT war") == "(peace -war)");
  CHECK(parsed("\"peace talks\"") == "\"peace talks\"");
  CHECK(parsed("\"peace talks\"~3") == "\"peace talks\"~3");
  CHECK(parsed("title:peace") == "title:peace");
  CHECK(parsed("title:\"peace talks\"^2") == "title:\"peace talks\"^2");
  CHECK(parsed("inter*") == "inter*");
  CHECK(parsed("body:inter*") == "body:inter*");
  CHECK(parsed("peace^2.5") == "peace^2.5");
  CHECK(parsed("(peace^3)^2") == "peace^6");  // a group of one boosted clause keeps both boosts
  CHECK(parsed("(peace OR war) AND talks") == "(+(peace war) +talks)");
  CHECK(parsed("*:*") == "*:*");
  CHECK(parsed("a\\:b") == "a:b");          // escaped colon: a word, not a field
  CHECK(parsed("  peace  ") == "peace");
  CHECK(parsed("") == "()");                  // matches nothing
}

TEST_CASE("Query parser: default operator and field", "[search]") {
  trawl::QueryParserOptions options;
  options.default_operator = trawl::QueryParserOptions::Operator::kAnd;
  options.default_field = "body";
  CHECK(parsed("peace talks", options) == "(+body:peace +body:talks)");
  CHECK(parsed("peace OR talks", options) == "(body:peace body:talks)");
  CHECK(parsed("peace -war", options) == "(+body:peace -body:war)");
  CHECK(parsed("title:x", options) == "title:x");
}

TEST_CASE("Query parser: errors name the position and what was expected", "[search]") {
  CHECK(error_of("\"peace talks") == "query: at 12: expected '\"' to close the phrase opened at 0");
  CHECK(error_of("(peace talks") == "query: at 12: expected ')' to close the '(' at 0");
  CHECK(error_of("peace)") == "query: at 5: unexpected ')'");
  CHECK(error_of("AND peace") == "query: at 3: an operator needs a clause before it");
  CHECK(error_of("peace AND") == "query: at 9: expected a clause after the operator");
  CHECK(error_of("title: peace") == "query: at 6: expected a term after 'title:'");
  CHECK(error_of("+ peace") == "query: at 1: expected a clause right after '+'");
  CHECK(error_of("peace^") == "query: at 6: expected a boost after '^'");
  CHECK(error_of("\"a b\"~x") == "query: at 6: expected a slop after '~'");
  CHECK(error_of("peace^1.2.3").find("query: at") == 0);
  CHECK(error_of("title:(a b)").find("a field cannot scope a group") != std::string::npos);
  trawl::QueryParserOptions shallow;
  shallow.max_depth = 3;
  CHECK(error_of("((((a))))", shallow).find("nested deeper than 3") != std::string::npos);
  CHECK(parsed("(((a)))", shallow) == "a");
}

TEST_CASE("Query parser: syntax trawl does not have is a positioned error", "[search]") {
  CHECK(error_of("*") == "query: at 0: '*' alone is not a query; '*:*' matches every document");
  CHECK(error_of("peace title:*") ==
        "query: at 12: 'title:*' (documents with the field) is not supported; '*:*' matches every "
        "document");
  CHECK(error_of("Mos*w") ==
        "query: at 3: '*' is supported only at the end of a word, as a prefix (write \\* for a '*')");
  CHECK(error_of("*cow").find("query: at 0: '*' is supported only at the end") == 0);
  CHECK(error_of("a?b") == "query: at 1: '?' wildcards are not supported (write \\? for a '?')");
  CHECK(error_of("x [a TO b]") ==
        "query: at 2: range queries ('[a TO b]', '{a TO b}') are not supported");
  CHECK(error_of("{a TO b}").find("query: at 0: range queries") == 0);
  CHECK(error_of("a OR OR b") ==
        "query: at 5: expected a clause after the operator, not another operator");
  CHECK(error_of("a AND NOT") == "query: at 9: expected a clause after NOT");
  CHECK(error_of("a NOT OR b") == "query: at 6: expected a clause after NOT, not an operator");
  CHECK(parsed("a AND NOT b") == "(+a -b)");
  // Escaped, they are characters of the word; a trailing '*' is a prefix.
  CHECK(parsed("Mos\\*w") == "Mos*w");
  CHECK(parsed("a\\?b") == "a?b");
  CHECK(parsed("Mosc*") == "Mosc*");
  CHECK(parsed("\\[a") == "[a");
}

TEST_CASE("Query parser: any input parses or fails cleanly, and plain text never fails", "[search]") {
  const std::string alphabet = "ab :\"()^~*+-!\\&|ANDORT1.\xff";
  std::mt19937 rng(GENERATE(take(5, random(0u, 100000u))));
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (std::size_t n = rng() % 20; n > 0; --n) text += alphabet[rng() % alphabet.size()];
    CAPTURE(text);
    auto query = trawl::parse_query(text);
    CHECK((query.has_value() || query.error().is_invalid_argument()));
    CHECK(trawl::plain_text_query(text).kind() == trawl::Query::Kind::kTerm);
  }
  std::string deep(100000, '(');
  CHECK(trawl::parse_query(deep).error().is_invalid_argument());
}
