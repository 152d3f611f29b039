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
  CHECK(error_of("Mos*w~") == "query: at 5: a wildcard cannot be fuzzy: write 'word~' alone");
  CHECK(error_of("Mo\\?s*w") == "query: at 3: a wildcard pattern cannot hold a literal '*' or '?'");
  CHECK(error_of("x [a TO b]") == "query: at 2: a range needs a field: write field:[a TO b]");
  CHECK(error_of("{a TO b}") == "query: at 0: a range needs a field: write field:[a TO b]");
  CHECK(error_of("a OR OR b") ==
        "query: at 5: expected a clause after the operator, not another operator");
  CHECK(error_of("a AND NOT") == "query: at 9: expected a clause after NOT");
  CHECK(error_of("a NOT OR b") == "query: at 6: expected a clause after NOT, not an operator");
  CHECK(parsed("a AND NOT b") == "(+a -b)");
  // Wildcards: '?' and '*' anywhere but alone or only at the end.
  for (const char* text : {"Mos*w", "*cow", "a?b", "te?t", "?", "**", "title:Mo*c?w"}) {
    CAPTURE(text);
    const auto query = trawl::parse_query(text);
    REQUIRE(query.has_value());
    CHECK(query->kind() == trawl::Query::Kind::kWildcard);
  }
  CHECK(trawl::parse_query("title:Mo*c?w^2")->text() == "Mo*c?w");
  CHECK(trawl::parse_query("title:Mo*c?w^2")->boost() == 2.0f);
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

TEST_CASE("Query parser: ranges, comparisons and field groups", "[search]") {
  CHECK(parsed("year:[2019 TO 2024]") == "year:[2019 TO 2024]");
  CHECK(parsed("year:{2019 TO 2024]") == "year:{2019 TO 2024]");
  CHECK(parsed("year:[2019 TO 2024}") == "year:[2019 TO 2024}");
  CHECK(parsed("year:[2020 TO *]") == "year:[2020 TO *]");
  CHECK(parsed("year:[* TO 2020}") == "year:[* TO 2020}");
  CHECK(parsed("year:>=2020") == "year:[2020 TO *]");
  CHECK(parsed("year:>2020") == "year:{2020 TO *]");
  CHECK(parsed("year:<2000") == "year:[* TO 2000}");
  CHECK(parsed("year:<=1999") == "year:[* TO 1999]");
  CHECK(parsed("published:[2025-01-01 TO 2025-03-31]") == "published:[2025-01-01 TO 2025-03-31]");
  CHECK(parsed("year:[2019 TO 2024]^2") == "year:[2019 TO 2024]^2");
  CHECK(parsed("+moscow +year:[  2019   TO 2024 ]") == "(+moscow +year:[2019 TO 2024])");
  CHECK(parsed("section:politics") == "section:politics");
  CHECK(parsed("tags:(energy OR gas)") == "(tags:energy tags:gas)");
  CHECK(parsed("tags:(energy title:gas)") == "(tags:energy title:gas)");
  CHECK(parsed("(tags:(a) b)") == "(tags:a b)");  // the field ends with its group
  // Reversed bounds parse; they match nothing.
  CHECK(parsed("year:[2024 TO 2019]") == "year:[2024 TO 2019]");
  CHECK(error_of("year:[2019 2024]") == "query: at 11: expected 'TO' in the range opened at 5");
  CHECK(error_of("year:[2019 TO 2024") ==
        "query: at 18: expected ']' or '}' to close the range opened at 5");
  CHECK(error_of("year:[ TO 2024]") == "query: at 10: expected 'TO' in the range opened at 5");
  CHECK(error_of("year:[2019 TO ]") == "query: at 14: expected an upper bound after 'TO'");
  CHECK(error_of("year:>=") == "query: at 7: expected a value after the comparison");
}

TEST_CASE("Query parser: with the schema, ranges are checked against their fields", "[search]") {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("title").add_keyword("section").add_numeric("year").add_date("published");
  trawl::QueryParserOptions options;
  options.schema = &schema;
  CHECK(parsed("published:>=2025-02-14T12:00:00Z", options) ==
        "published:[2025-02-14T12:00:00Z TO *]");
  CHECK(parsed("published:2025-02-14T12:00:00Z^2", options) == "published:2025-02-14T12:00:00Z^2");
  CHECK(parsed("year:2020 title:x", options) == "(year:2020 title:x)");
  CHECK(error_of("title:[a TO b]", options) ==
        "query: at 0: a range on field 'title', which is text; ranges need a numeric or date field");
  CHECK(error_of("x section:>a", options).find("query: at 2: a range on field 'section'") == 0);
  CHECK(error_of("nosuch:[1 TO 2]", options) == "query: at 0: unknown field 'nosuch'");
  CHECK(error_of("year:[19x9 TO 2024]", options) == "query: at 6: '19x9' is not a 64-bit integer");
  CHECK(error_of("year:[1 TO 99999999999999999999]", options) ==
        "query: at 11: '99999999999999999999' is not a 64-bit integer");
  CHECK(error_of("year:>=20.5", options) == "query: at 7: '20.5' is not a 64-bit integer");
  CHECK(error_of("year:twenty", options) == "query: at 5: 'twenty' is not a 64-bit integer");
  CHECK(error_of("published:[2025-13-01 TO *]", options).find("query: at 11: date '2025-13-01': month 13") == 0);
  CHECK(error_of("published:<2025-02-30", options).find("query: at 11: date '2025-02-30'") == 0);
  // Without the schema the same text parses; searching it reports the problem.
  CHECK(parsed("title:[a TO b]") == "title:[a TO b]");
}

TEST_CASE("Query parser: search as you type makes the last word a phrase prefix", "[search]") {
  trawl::QueryParserOptions typing;
  typing.prefix_last = true;
  // A phrase prefix of one word: its most frequent completions (max_phrase_prefix_terms).
  CHECK(parsed("boundary lay", typing) == "(boundary \"lay\"*)");
  CHECK(parsed("boundary lay  ", typing) == "(boundary \"lay\"*)");
  CHECK(parsed("lay", typing) == "\"lay\"*");
  // Only a plain word at the very end.
  CHECK(parsed("lay^2", typing) == "lay^2");
  CHECK(parsed("\"boundary lay\"", typing) == "\"boundary lay\"");
  CHECK(parsed("(a b) c~", typing) == "((a b) c~)");
  CHECK(parsed("title:lay", typing) == "title:\"lay\"*");
  CHECK(parsed("boundary lay") == "(boundary lay)");
  // Plain text: the last run of characters, without its punctuation.
  CHECK(trawl::plain_text_query("boundary lay.", "", true).to_string() == "(boundary \"lay\"*)");
  CHECK(trawl::plain_text_query("lay", "body", true).to_string() == "body:\"lay\"*");
  CHECK(trawl::plain_text_query("...", "", true).to_string() == "...");
  CHECK(trawl::plain_text_query("boundary lay").to_string() == "boundary lay");
}
