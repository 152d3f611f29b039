// Structured search on 1,000,000 documents (10,000 under TRAWL_BENCH_SMOKE), one
// segment: a numeric field `n` holding a random permutation of 0..N-1 (so a range of width w
// selects exactly w documents), a date `published` (one per document over ten years), a keyword
// `section` (20 values, Zipf-distributed) and a text field of 3 to 12 words from 2,000 (Zipf).
//
//   BM_Range/per_100k:N   a pure range selecting N / 100,000 of the documents (10: 0.01%,
//                         1,000: 1%, 100,000: 100%), every match counted; 16 ranges per
//                         iteration. The cost should grow with N, not with the documents.
//   BM_Structured/<kind>  one two-word query per iteration, k = 10:
//     Words    the words alone (MaxScore)              Filter  + a one-year date filter
//     Sorted   sorted by date, newest first            Facets  + counts of the 20 sections
//     Offset   the page at offset 1,000                After   the page after a cursor at 1,000
//
// Run a claim with --benchmark_repetitions=5 --benchmark_report_aggregates_only=true.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>

#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace {

std::size_t documents() { return std::getenv("TRAWL_BENCH_SMOKE") != nullptr ? 10'000 : 1'000'000; }

struct Corpus {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::unique_ptr<trawl::Searcher> searcher;
};

const Corpus& corpus() {
  static const Corpus* built = [] {
    auto* c = new Corpus();
    trawl::Schema schema;
    trawl::AnalyzerOptions plain;
    plain.language = "";
    schema.add_keyword("id", false)
        .add_text("text", plain, false)
        .add_keyword("section", false)
        .add_numeric("n", false)
        .add_date("published", false)
        .set_unique_key("id");
    trawl::IndexWriterOptions options;
    options.ram_budget_bytes = 1u << 30;
    options.threads = 2;
    auto writer = trawl::IndexWriter::open(c->directory, schema, options).value();
    const std::size_t n = documents();
    std::vector<std::int64_t> permutation(n);
    std::iota(permutation.begin(), permutation.end(), 0);
    std::mt19937_64 rng(42);
    std::shuffle(permutation.begin(), permutation.end(), rng);
    auto zipf = [&](std::size_t count) {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      return std::min(count - 1,
                      static_cast<std::size_t>(std::pow(static_cast<double>(count) + 1, u)) - 1);
    };
    constexpr std::int64_t kStart = 1'420'070'400'000;  // 2015-01-01
    for (std::size_t d = 0; d < n; ++d) {
      std::string text;
      for (std::size_t w = 3 + rng() % 10; w > 0; --w)
        text += "w" + std::to_string(zipf(2000)) + " ";
      trawl::Document document;
      document.add("id", std::to_string(d))
          .add("text", text)
          .add("section", "s" + std::to_string(zipf(20)))
          .add("n", permutation[d])
          .add("published", kStart + static_cast<std::int64_t>(rng() % (3652ull * 86'400'000)));
      if (!writer.add(document).ok()) std::abort();
    }
    if (!writer.commit().ok() || !writer.force_merge(1).ok()) std::abort();
    c->searcher = std::make_unique<trawl::Searcher>(trawl::IndexReader::open(c->directory).value());
    return c;
  }();
  return *built;
}

void BM_Range(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto n = static_cast<std::int64_t>(documents());
  const std::int64_t width = std::max<std::int64_t>(1, n * state.range(0) / 100'000);
  std::vector<trawl::Query> queries;
  std::mt19937_64 rng(7);
  for (int q = 0; q < 16; ++q) {
    const std::int64_t low =
        width >= n ? 0
                   : static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n - width + 1));
    queries.push_back(
        trawl::Query::range("n", std::to_string(low), std::to_string(low + width - 1)));
  }
  trawl::SearchOptions options;
  options.exact_count = true;
  std::uint64_t matched = 0;
  for (auto _ : state) {
    for (const trawl::Query& query : queries) {
      auto result = c.searcher->search(query, options);
      if (!result) {
        state.SkipWithError(result.error().to_string().c_str());
        return;
      }
      matched += result->total_hits;
    }
  }
  state.counters["matches_per_query"] =
      static_cast<double>(matched) /
      static_cast<double>(static_cast<std::size_t>(state.iterations()) * queries.size());
  state.SetItemsProcessed(state.iterations() *
                          static_cast<benchmark::IterationCount>(queries.size()));
}
BENCHMARK(BM_Range)
    ->ArgName("per_100k")
    ->Arg(10)
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond);

enum Kind { kWords, kFilter, kSorted, kFacets, kOffset, kAfter };

void BM_Structured(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto kind = static_cast<Kind>(state.range(0));
  static const char* kNames[] = {"words", "filter", "sorted", "facets", "offset", "after"};
  state.SetLabel(kNames[kind]);
  std::vector<trawl::Query> queries;
  std::mt19937_64 rng(11);
  for (int q = 0; q < 32; ++q) {
    // Two words of middling frequency: thousands of matches each on a million documents.
    const std::string words =
        "w" + std::to_string(20 + rng() % 200) + " w" + std::to_string(20 + rng() % 200);
    trawl::Query query = trawl::Query::term("text", words);
    if (kind == kFilter) {
      const std::string year = std::to_string(2015 + rng() % 10);
      query = trawl::Query::boolean(
          {{trawl::Query::Occur::kMust, query},
           {trawl::Query::Occur::kFilter, trawl::Query::range("published", year, year)}});
    }
    queries.push_back(std::move(query));
  }
  trawl::SearchOptions options;
  if (kind == kSorted) options.sort = {trawl::SortKey{"published", true}};
  if (kind == kFacets)
    options.facets = {{trawl::FacetRequest::Kind::kValues, "section", 20, {}, {}}};
  if (kind == kOffset) options.offset = 1000;
  std::vector<std::string> cursors(queries.size());
  if (kind == kAfter) {  // each query's cursor at rank 1,000, found once, outside the timing
    trawl::SearchOptions first;
    first.k = 1000;
    for (std::size_t q = 0; q < queries.size(); ++q)
      cursors[q] = c.searcher->search(queries[q], first).value().next;
  }
  std::size_t q = 0;
  for (auto _ : state) {
    if (kind == kAfter) options.after = cursors[q];
    auto result = c.searcher->search(queries[q], options);
    if (!result) {
      state.SkipWithError(result.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->hits.data());
    q = (q + 1) % queries.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Structured)
    ->ArgName("kind")
    ->DenseRange(kWords, kAfter)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
