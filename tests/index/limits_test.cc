// Limits: oversized and hostile input gets a clear error or is handled within bounded work,
// never a crash: a 100 MB document, a 10,000-byte term, a million values in one document, a
// query of 100,000 words, queries nested 100,000 deep, NUL bytes and invalid UTF-8 everywhere.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

struct Index {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer;
  explicit Index(trawl::IndexWriterOptions options = {}) {
    trawl::Schema schema;
    schema.add_keyword("id").add_text("body").add_keyword("tag").set_unique_key("id");
    auto opened = trawl::IndexWriter::open(directory, schema, options);
    REQUIRE(opened.has_value());
    writer.emplace(std::move(opened).value());
  }
  trawl::Searcher searcher() { return trawl::Searcher(trawl::IndexReader::open(directory).value()); }
};

std::uint64_t count(const trawl::Searcher& searcher, const trawl::Query& query) {
  trawl::SearchOptions options;
  options.exact_count = true;
  auto result = searcher.search(query, options);
  REQUIRE(result.has_value());
  return result->total_hits;
}

}  // namespace

TEST_CASE("Limits: a 100 MB document is indexed and found", "[index][limits]") {
  trawl::IndexWriterOptions options;
  options.max_document_bytes = 128u << 20;  // the default refuses it
  Index index(options);
  std::string body;
  body.reserve(100u << 20);
  for (std::size_t i = 0; body.size() < (100u << 20); ++i) {
    body += "word";
    body += std::to_string(i % 5000);
    body += ' ';
  }
  body += "needle";
  REQUIRE(index.writer->add(trawl::Document().add("id", "big").add("body", body)).ok());
  REQUIRE(index.writer->add(trawl::Document().add("id", "small").add("body", "word1 needle")).ok());
  REQUIRE(index.writer->commit().ok());
  const auto searcher = index.searcher();
  CHECK(count(searcher, trawl::Query::term("body", "needle")) == 2);
  CHECK(count(searcher, trawl::Query::phrase("body", "word4999 word0")) == 1);
}

TEST_CASE("Limits: a document over max_document_bytes is refused, naming it", "[index][limits]") {
  trawl::IndexWriterOptions options;
  options.max_document_bytes = 1000;
  Index index(options);
  REQUIRE(index.writer->add(trawl::Document().add("id", "a").add("body", "first version")).ok());
  REQUIRE(index.writer->commit().ok());
  // 2 + 1 bytes of id, 4 + 994 of body: 1,001 bytes.
  const trawl::Document big = trawl::Document().add("id", "a").add("body", std::string(994, 'x'));
  const trawl::Status added = index.writer->add(big);
  CHECK(added.is_invalid_argument());
  CHECK(std::string(added.message()) ==
        "document 'a' holds 1001 bytes, more than max_document_bytes (1000); it is not added");
  // An update too large keeps the document it would have replaced.
  CHECK(index.writer->update(big).is_invalid_argument());
  REQUIRE(index.writer->commit().ok());
  CHECK(count(index.searcher(), trawl::Query::term("body", "first")) == 1);
  CHECK(index.writer->add(trawl::Document().add("id", "b").add("body", std::string(993, 'x'))).ok());
  // The default is 64 MiB.
  CHECK(trawl::IndexWriterOptions().max_document_bytes == 64u << 20);
}

TEST_CASE("Limits: 10,000-byte terms", "[index][limits]") {
  Index index;
  const std::string long_key(10000, 'k');
  const std::string long_word(10000, 'w');
  REQUIRE(index.writer->add(trawl::Document().add("id", long_key).add("body", long_word + " short")).ok());
  REQUIRE(index.writer->commit().ok());
  const auto searcher = index.searcher();
  // A keyword is one exact term, however long; analysed text drops words over 255 bytes.
  CHECK(count(searcher, trawl::Query::term("id", long_key)) == 1);
  CHECK(count(searcher, trawl::Query::term("body", long_word)) == 0);
  CHECK(count(searcher, trawl::Query::term("body", "short")) == 1);
  CHECK(index.writer->remove(long_key).value() == 1);
}

TEST_CASE("Limits: a million values in one document", "[index][limits]") {
  Index index;
  trawl::Document document;
  document.add("id", "many");
  for (int i = 0; i < 1000000; ++i) document.add("tag", i % 2 ? "odd" : "even");
  document.add("body", "first");
  for (int i = 0; i < 1000; ++i) document.add("body", "value");
  document.add("body", "last");
  REQUIRE(index.writer->add(document).ok());
  REQUIRE(index.writer->commit().ok());
  const auto searcher = index.searcher();
  CHECK(count(searcher, trawl::Query::term("tag", "odd")) == 1);
  // Phrases never span two values of a field.
  CHECK(count(searcher, trawl::Query::phrase("body", "first value")) == 0);
  CHECK(count(searcher, trawl::Query::term("body", "last")) == 1);
}

TEST_CASE("Limits: a query of 100,000 words, and queries nested 100,000 deep", "[search][limits]") {
  Index index;
  REQUIRE(index.writer->add(trawl::Document().add("id", "1").add("body", "alpha beta gamma")).ok());
  REQUIRE(index.writer->commit().ok());
  const auto searcher = index.searcher();
  std::string words;
  for (int i = 0; i < 100000; ++i) words += "w" + std::to_string(i) + " ";
  words += "beta";
  // Past SearchOptions::max_clauses (1,024 by default) a query is refused, naming the limit...
  auto too_long = searcher.search(trawl::plain_text_query(words));
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error().is_invalid_argument());
  CHECK(std::string(too_long.error().message()).find("max_clauses") != std::string::npos);
  // ...and within a limit the caller raised, it runs.
  trawl::SearchOptions options;
  options.max_clauses = 300000;  // parsed: 100,001 boolean clauses and as many words
  auto result = searcher.search(trawl::plain_text_query(words), options);
  REQUIRE(result.has_value());
  CHECK(result->hits.size() == 1);
  options.exact_count = true;  // the exhaustive disjunction of 100,001 words
  result = searcher.search(trawl::plain_text_query(words), options);
  REQUIRE(result.has_value());
  CHECK(result->hits.size() == 1);
  auto parsed = trawl::parse_query(words);
  REQUIRE(parsed.has_value());
  CHECK(searcher.search(*parsed, options).has_value());
  CHECK(searcher.search(*parsed).error().is_invalid_argument());

  // Parentheses past the parser's limit are an error naming the position, not a stack overflow.
  const std::string deep = std::string(100000, '(') + "alpha" + std::string(100000, ')');
  auto too_deep = trawl::parse_query(deep);
  REQUIRE_FALSE(too_deep.has_value());
  CHECK(too_deep.error().is_invalid_argument());
  // The same depth built through the API is refused by the searcher.
  // (Destroying it must not recurse either.)
  trawl::Query nested = trawl::Query::term("body", "alpha");
  for (int i = 0; i < 100000; ++i) {
    std::vector<trawl::Query::Clause> clauses;
    clauses.push_back({trawl::Query::Occur::kMust, std::move(nested)});
    nested = trawl::Query::boolean(std::move(clauses));
  }
  auto refused = searcher.search(nested);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().is_invalid_argument());
  CHECK(refused.error().to_string().find("nested deeper than") != std::string::npos);
}

TEST_CASE("Limits: NUL bytes and invalid UTF-8 in every place", "[index][limits]") {
  Index index;
  const std::string nul("a\0b", 3);
  const std::string invalid = "caf\xC3 \xFF\xFE na\xEF\xBF";
  REQUIRE(index.writer->add(trawl::Document().add("id", nul).add("body", invalid + nul)).ok());
  REQUIRE(index.writer->add(trawl::Document().add("id", invalid).add("body", "plain")).ok());
  // An unknown (and malformed) field name is an error, not a crash.
  CHECK(index.writer->add(trawl::Document().add("id", "x").add(invalid, "text")).is_invalid_argument());
  REQUIRE(index.writer->commit().ok());
  const auto searcher = index.searcher();
  CHECK(count(searcher, trawl::Query::term("id", nul)) == 1);
  CHECK(count(searcher, trawl::Query::term("id", invalid)) == 1);
  CHECK(searcher.search(trawl::Query::term("body", invalid)).has_value());
  CHECK(searcher.search(trawl::Query::term(invalid, "x")).error().is_invalid_argument());
  for (const std::string& text : {nul, invalid, std::string("\"") + invalid, std::string(1, '\0')}) {
    auto query = trawl::parse_query(text);
    if (query) CHECK(searcher.search(*query).has_value());
  }
}

TEST_CASE("Limits: a schema of a million fields is refused clearly", "[index][limits]") {
  trawl::Schema schema;
  for (int i = 0; i < 1000000; ++i) schema.add_keyword("f" + std::to_string(i));
  auto writer = trawl::IndexWriter::open(trawl::make_mem_directory(), schema);
  REQUIRE_FALSE(writer.has_value());
  CHECK(writer.error().is_invalid_argument());
  CHECK(writer.error().to_string().find("fields, at most") != std::string::npos);
}
