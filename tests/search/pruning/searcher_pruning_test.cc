// Dynamic pruning returns exactly what exhaustive evaluation returns: the same documents, in
// the same order, with bit-identical scores, on randomized indexes and queries.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <random>

#include "support/random_text.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace {

// A Zipf-like vocabulary so that some terms are frequent (many blocks) and some rare.
std::string zipf_text(std::mt19937_64& rng, int words) {
  static const char* vocabulary[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
                                     "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
                                     "omicron", "pi", "rho", "sigma", "tau", "upsilon"};
  std::string text;
  for (int i = 0; i < words; ++i) {
    // Rank r with probability ~ 1/r.
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto rank = static_cast<std::size_t>(std::pow(20.0, u)) - 1;
    text += vocabulary[std::min<std::size_t>(rank, 19)];
    text += ' ';
  }
  return text;
}

// The top k with pruning (no exact count asked) and without: the same hits in the same order
// with bit-identical scores; the pruned count a lower bound, exact below k hits.
void check_pruned_equals_exhaustive(const trawl::Searcher& searcher, const trawl::Query& query,
                                    std::size_t k) {
  trawl::SearchOptions fast;
  fast.k = k;
  trawl::SearchOptions exhaustive = fast;
  exhaustive.exact_count = true;
  auto a = searcher.search(query, fast);
  auto b = searcher.search(query, exhaustive);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  REQUIRE(a->hits.size() == b->hits.size());
  for (std::size_t i = 0; i < a->hits.size(); ++i) {
    CAPTURE(i);
    CHECK(a->hits[i].segment == b->hits[i].segment);
    CHECK(a->hits[i].doc == b->hits[i].doc);
    CHECK(a->hits[i].score == b->hits[i].score);
  }
  CHECK(b->total_is_exact);
  CHECK(a->total_hits <= b->total_hits);
  CHECK(a->total_hits >= a->hits.size());
  if (a->hits.size() < k) CHECK(a->total_hits == b->total_hits);
}

}  // namespace

TEST_CASE("Pruning: MaxScore top-k equals exhaustive top-k", "[search]") {
  const std::size_t budget = GENERATE(as<std::size_t>{}, 40'000, 256u << 20);
  const auto seed = GENERATE(take(3, random(0u, 1000000u)));
  CAPTURE(budget, seed);
  std::mt19937_64 rng(seed);
  trawl::Schema schema;
  trawl::AnalyzerOptions plain;
  plain.language = "";
  schema.add_keyword("id").add_text("title", plain).add_text("body", plain).set_unique_key("id");
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = budget;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(directory, schema, options);
  REQUIRE(writer.has_value());
  for (int i = 0; i < 3000; ++i) {
    trawl::Document doc;
    doc.add("id", std::to_string(i)).add("title", zipf_text(rng, 1 + static_cast<int>(rng() % 5)));
    doc.add("body", zipf_text(rng, static_cast<int>(rng() % 120)));
    REQUIRE(writer->add(doc).ok());
    if (rng() % 50 == 0) REQUIRE(writer->remove(std::to_string(rng() % static_cast<std::uint64_t>(i + 1))).has_value());
  }
  REQUIRE(writer->commit().ok());
  const trawl::Searcher searcher(trawl::IndexReader::open(directory).value());

  for (int q = 0; q < 100; ++q) {
    // One word too: a single term is pruned by its block bounds alone.
    const std::string text = zipf_text(rng, 1 + static_cast<int>(rng() % 6));
    const std::string field = rng() % 2 ? "" : "body";
    const std::size_t k = std::vector<std::size_t>{1, 10, 100}[rng() % 3];
    CAPTURE(text, field, k);
    // One word or a bag of them (MaxScore, or block by block for a lone word).
    check_pruned_equals_exhaustive(searcher, trawl::Query::term(field, text), k);

    // The same words all required (block-max conjunction) against the exhaustive conjunction.
    std::vector<trawl::Query::Clause> required;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
      required.push_back({trawl::Query::Occur::kMust, trawl::Query::term(field, word)});
    }
    check_pruned_equals_exhaustive(searcher, trawl::Query::boolean(required), k);

    // The words as a phrase, exact or sloppy (positions read only where the phrase may make
    // the top k) against the exhaustive phrase scorer; every other query, as the exhaustive
    // phrases of common words are slow under the sanitizers.
    if (q % 2 == 0) {
      const std::uint32_t slop = q % 4 == 0 ? 0 : 2;
      CAPTURE(slop);
      check_pruned_equals_exhaustive(searcher, trawl::Query::phrase(field, text, slop), k);
    }
  }
}

TEST_CASE("Pruning: an OR of words scores each document as the sum of its words' scores",
          "[search]") {
  const auto seed = GENERATE(take(3, random(0u, 1000000u)));
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  trawl::Schema schema;
  trawl::AnalyzerOptions plain;
  plain.language = "";
  schema.add_keyword("id").add_text("title", plain).add_text("body", plain);
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto writer = trawl::IndexWriter::open(directory, schema);
  REQUIRE(writer.has_value());
  for (int i = 0; i < 2000; ++i) {
    REQUIRE(writer->add(trawl::Document()
                            .add("id", std::to_string(i))
                            .add("title", zipf_text(rng, 1 + static_cast<int>(rng() % 4)))
                            .add("body", zipf_text(rng, static_cast<int>(rng() % 80))))
                .ok());
  }
  REQUIRE(writer->commit().ok());
  const trawl::Searcher searcher(trawl::IndexReader::open(directory).value());
  trawl::SearchOptions all;
  all.k = 100000;
  all.exact_count = true;

  for (int q = 0; q < 30; ++q) {
    // Words as separate clauses (what the parser makes of "a b c"), some scoped to a field.
    std::vector<trawl::Query::Clause> clauses;
    const int count = 2 + static_cast<int>(rng() % 4);
    for (int w = 0; w < count; ++w) {
      const std::string field = rng() % 3 == 0 ? "title" : "";
      clauses.push_back({trawl::Query::Occur::kShould, trawl::Query::term(field, zipf_text(rng, 1))});
    }
    // The reference: each word searched alone, its (float) scores summed per document. The
    // query sums unrounded scores, so the two agree to float precision, not bit for bit.
    std::map<std::pair<std::size_t, trawl::DocId>, double> expected;
    for (const auto& clause : clauses) {
      const auto alone = searcher.search(clause.query, all);
      REQUIRE(alone.has_value());
      for (const auto& hit : alone->hits) expected[{hit.segment, hit.doc}] += hit.score;
    }
    std::vector<double> best;
    for (const auto& [key, score] : expected) best.push_back(score);
    std::sort(best.rbegin(), best.rend());

    trawl::SearchOptions top;
    top.k = std::vector<std::size_t>{1, 10, 50}[rng() % 3];
    const auto result = searcher.search(trawl::Query::boolean(clauses), top);
    REQUIRE(result.has_value());
    REQUIRE(result->hits.size() == std::min(top.k, expected.size()));
    for (std::size_t i = 0; i < result->hits.size(); ++i) {
      CAPTURE(q, i);
      const auto& hit = result->hits[i];
      CHECK(hit.score == Approx(expected[{hit.segment, hit.doc}]).epsilon(1e-5));
      CHECK(hit.score == Approx(best[i]).epsilon(1e-5));
    }
  }
}
