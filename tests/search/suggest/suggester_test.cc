// Searcher::suggest ("did you mean") against its documented rules, and against a brute-force
// reference computed from the documents' words: every word written in them, with its document
// count and its distance to the word typed by a textbook edit-distance table.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

using trawl::Document;
using trawl::Query;

struct Index {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();

  explicit Index(const std::vector<std::string>& bodies, std::size_t per_segment = 1000) {
    trawl::Schema schema;
    schema.add_keyword("id").add_text("title").add_text("body").add_keyword("tag").set_unique_key(
        "id");
    trawl::IndexWriterOptions options;
    options.merge_factor = 0;
    auto writer = trawl::IndexWriter::open(directory, schema, options);
    REQUIRE(writer.has_value());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      REQUIRE(writer
                  ->add(Document()
                            .add("id", "d" + std::to_string(i))
                            .add("body", bodies[i])
                            .add("tag", "Moscw"))
                  .ok());
      if (i % per_segment == per_segment - 1) REQUIRE(writer->commit().ok());
    }
    REQUIRE(writer->commit().ok());
  }

  trawl::Searcher searcher() const {
    return trawl::Searcher(trawl::IndexReader::open(directory).value());
  }

  // The suggested query's readable form, or "" for none.
  std::string suggested(const Query& query, const trawl::SuggestOptions& options = {}) const {
    auto suggestion = searcher().suggest(query, options);
    REQUIRE(suggestion.has_value());
    return *suggestion ? (*suggestion)->query.to_string() : "";
  }
  std::string suggested(const std::string& text) const {
    return suggested(trawl::parse_query(text).value());
  }
};

std::vector<std::string> repeated(const std::string& text, std::size_t n) {
  return std::vector<std::string>(n, text);
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("Suggest: a word no document has becomes the nearest common word", "[search][suggest]") {
  const Index index(joined(joined(repeated("Moscow talks", 3), repeated("Geneva talks", 2)),
                           {"negotiators negotiated", "the negotiations", "sanctions"}));
  CHECK(index.suggested("Mosocw") == "Moscow");  // capitalised as typed
  CHECK(index.suggested("mosocw") == "moscow");
  CHECK(index.suggested("body:genva") == "body:geneva");
  // A surface is offered, never a stem: "negoti" is no word.
  CHECK(index.suggested("negotiatoins") == "negotiations");
  CHECK(index.suggested("sanctoins") == "sanctions");
  // "talk" is only the stem of "talks" here: the word written is offered.
  CHECK(index.suggested("tlaks") == "talks");
  // Nothing to correct: known words, their other forms, short words, words with digits.
  CHECK(index.suggested("moscow talk").empty());
  CHECK(index.suggested("talking").empty());
  CHECK(index.suggested("mos").empty());
  CHECK(index.suggested("moscw2").empty());
  // Prefixes, wildcards, keyword fields and ranges are left as written; the tree's shape kept.
  CHECK(index.suggested("+mosocw -genva tal* tag:Moscw") == "(+moscow -geneva tal* tag:Moscw)");
  CHECK(index.suggested("\"genva talks\"~2^2") == "\"geneva talks\"~2^2");
  CHECK(index.suggested(Query::fuzzy("body", "mosocw", 1)) == "body:moscow~1");
  const auto suggestion = index.searcher().suggest(trawl::parse_query("Mosocw genva").value());
  REQUIRE(suggestion.has_value());
  REQUIRE(suggestion->has_value());
  const auto& corrections = (*suggestion)->corrections;
  REQUIRE(corrections.size() == 2);
  CHECK(corrections[0].original == "Mosocw");
  CHECK(corrections[0].replacement == "Moscow");
  CHECK(corrections[1].original == "genva");
  CHECK(corrections[1].replacement == "geneva");
}

TEST_CASE("Suggest: a rare word gives way only to a far more common one", "[search][suggest]") {
  // "moscw" in one document: corrected when "moscow" is in 10 times as many (the default).
  const Index ten(joined(repeated("moscow", 10), {"moscw"}));
  CHECK(ten.suggested("moscw") == "moscow");
  const Index nine(joined(repeated("moscow", 9), {"moscw"}));
  CHECK(nine.suggested("moscw").empty());
  trawl::SuggestOptions lenient;
  lenient.popularity = 5;
  CHECK(nine.suggested(trawl::parse_query("moscw").value(), lenient) == "moscow");
  trawl::SuggestOptions bad;
  bad.popularity = 0.5;
  CHECK(nine.searcher().suggest(Query::term("", "moscw"), bad).error().is_invalid_argument());
  bad = {};
  bad.phrase_alternatives = 0;
  CHECK(!nine.searcher().suggest(Query::term("", "moscw"), bad).has_value());
  CHECK(!nine.searcher().suggest(Query::term("nowhere", "moscw")).has_value());
}

TEST_CASE("Suggest: a phrase's corrections are chosen so that the phrase occurs",
          "[search][suggest]") {
  // "wars" is the most common word one edit from "wavs", but "shock wars" occurs nowhere;
  // "shock wave" does.
  const Index index(joined(repeated("wars of words", 10), {"a shock wave"}));
  CHECK(index.suggested("shock wavs") == "(shock wars)");
  CHECK(index.suggested("\"shock wavs\"") == "\"shock wave\"");
  // When no choice makes it occur, each word's best.
  CHECK(index.suggested("\"words wavs\"") == "\"words wars\"");
}

// The reference: the documents hold one word each, so every count is exact and each word
// written is known from the text alone.
TEST_CASE("Suggest: equals a brute-force reference over the words written", "[search][suggest]") {
  const std::vector<std::string> words = {
      "talk",         "talks",    "talking",   "walks",    "wave",    "waves",   "war",
      "wars",         "happy",    "happier",   "market",   "markets", "marked",  "moscow",
      "geneva",       "genevan",  "station",   "stations", "nation",  "nations", "negotiators",
      "negotiations", "sanction", "sanctions", "running",  "runs",    "marker",  "rain"};
  std::mt19937 rng(20261204);
  std::vector<std::string> bodies;
  for (int i = 0; i < 400; ++i) {
    // Zipfian-ish: the early words more often.
    const std::size_t w =
        std::min<std::size_t>(words.size() - 1, rng() % words.size() * (rng() % 3) / 2);
    bodies.push_back(words[w]);
  }
  const Index index(bodies, 150);
  const auto stemmed = trawl::Analyzer::standard("english").value();
  std::map<std::string, std::size_t> docs;  // word written -> documents
  for (const std::string& body : bodies) ++docs[body];
  const auto term_of = [&](const std::string& word) {
    const auto tokens = stemmed.analyze(word).value();
    return tokens.empty() ? std::string() : tokens[0].term;
  };
  const auto osa = [](const std::string& a, const std::string& b) {  // ASCII words here
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min(
            {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  };
  const trawl::SuggestOptions options;
  std::size_t corrected = 0;
  for (int q = 0; q < 400; ++q) {
    std::string typed = words[rng() % words.size()];
    for (std::size_t edits = rng() % 3; edits > 0; --edits) {
      const std::size_t at = rng() % typed.size();
      switch (rng() % 4) {
        case 0:
          if (typed.size() > 1) typed.erase(at, 1);
          break;
        case 1:
          typed.insert(at, 1, static_cast<char>('a' + rng() % 26));
          break;
        case 2:
          typed[at] = static_cast<char>('a' + rng() % 26);
          break;
        default:
          if (at + 1 < typed.size()) std::swap(typed[at], typed[at + 1]);
      }
    }
    CAPTURE(typed);
    const std::string term = term_of(typed);
    if (term.empty()) continue;  // a stop word
    std::size_t word_docs = 0;
    for (const auto& [word, count] : docs) word_docs += term_of(word) == term ? count : 0;
    const std::size_t k = typed.size() >= options.fuzziness.two_edits_from  ? 2
                          : typed.size() >= options.fuzziness.one_edit_from ? 1
                                                                            : 0;
    std::optional<std::tuple<std::size_t, long, std::string>> best;
    for (const auto& [word, count] : docs) {
      const std::size_t distance = osa(typed, word);
      if (distance > k || word == typed || term_of(word) == term ||
          static_cast<double>(count) <
              std::max(1.0, options.popularity * static_cast<double>(word_docs))) {
        continue;
      }
      const auto key = std::make_tuple(distance, -static_cast<long>(count), word);
      if (!best || key < *best) best = key;
    }
    const std::string expected = best ? std::get<2>(*best) : "";
    corrected += best.has_value();
    CHECK(index.suggested(Query::term("body", typed)) == (best ? "body:" + expected : ""));
  }
  CHECK(corrected > 100);
}
