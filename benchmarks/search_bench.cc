// Query latency on 100,800 documents (the Cranfield abstracts, 72 times over with distinct ids;
// title + body, English analyzer), one segment.
//
//   BM_Search_<Class>/k/exact   a fixed set of 64 queries of the class per iteration; items are
//                               queries, so items_per_second is throughput and the time per
//                               query is the iteration time / 64.
//     Term    one word                       And     +two +words
//     Or      two to four words (MaxScore)   Phrase  "two words" found in the corpus
//     OrBody  the Or queries scoped to the body field (block-max bounds apply per block)
//     Prefix  word prefixes of 4 letters*
//   BM_Search_Long/words: one query of that many distinct words, every match scored (the
//   disjunction of many clauses; its time per posting should not grow with the clause count).
//   k is 10 or 1000; exact:1 counts every match (and so disables pruning for Or): the ratio of
//   exact:1 to exact:0 on Or is the speed-up of pruning over exhaustive evaluation.
//
// Run a claim with --benchmark_repetitions=5 --benchmark_report_aggregates_only=true.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "bench_data.h"
#include "support/cranfield.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace {

// 72 copies: 100,800 documents. The smoke run under ctest (TRAWL_BENCH_SMOKE) uses 2.
int copies() { return std::getenv("TRAWL_BENCH_SMOKE") != nullptr ? 2 : 72; }
constexpr int kQueriesPerClass = 64;

struct Corpus {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::unique_ptr<trawl::Searcher> searcher;
  std::map<std::string, std::vector<trawl::Query>> queries;
};

// Words of the Cranfield queries (what users of this corpus ask about), lower case.
std::vector<std::string> query_words() {
  std::vector<std::string> words;
  const auto queries = trawl::test::load_cranfield_queries(std::string(TRAWL_SOURCE_DIR) +
                                                           "/tests/data/cranfield/cran.qry");
  static const std::set<std::string> kSkip = {"what", "are", "the", "of", "in", "a", "is", "and",
                                              "to", "for", "on", "be", "can", "how", "by", "with",
                                              "has", "have", "been", "any", "there", "which", "an",
                                              "do", "does", "at", "or", "from", "it", "as", "."};
  for (const std::string& query : queries) {
    std::istringstream in(query);
    for (std::string word; in >> word;) {
      if (word.size() > 3 && kSkip.count(word) == 0) words.push_back(word);
    }
  }
  return words;
}

Corpus build_corpus() {
  Corpus corpus;
  Corpus* c = &corpus;
  {
    trawl::Schema schema;
    schema.add_keyword("id").add_text("title").add_text("body").set_unique_key("id");
    trawl::IndexWriterOptions options;
    options.ram_budget_bytes = std::size_t{1} << 30;
    auto writer = trawl::IndexWriter::open(c->directory, schema, options);
    const auto documents = trawl::test::load_cranfield_documents(
        std::string(TRAWL_SOURCE_DIR) + "/tests/data/cranfield/cran.all.1400");
    for (int copy = 0; copy < copies(); ++copy) {
      for (const auto& doc : documents) {
        (void)writer->add(trawl::Document()
                              .add("id", std::to_string(copy) + "-" + doc.id)
                              .add("title", doc.title)
                              .add("body", doc.body));
      }
    }
    (void)writer->commit();
    c->searcher = std::make_unique<trawl::Searcher>(trawl::IndexReader::open(c->directory).value());

    const std::vector<std::string> words = query_words();
    std::mt19937 rng(1234);
    auto word = [&] { return words[rng() % words.size()]; };
    for (int i = 0; i < kQueriesPerClass; ++i) {
      c->queries["term"].push_back(trawl::Query::term("", word()));
      std::string bag = word() + " " + word();
      for (std::size_t extra = rng() % 3; extra > 0; --extra) bag += " " + word();
      c->queries["or"].push_back(trawl::Query::term("", bag));
      c->queries["or_body"].push_back(trawl::Query::term("body", bag));
      c->queries["and"].push_back(trawl::Query::boolean(
          {{trawl::Query::Occur::kMust, trawl::Query::term("", word())},
           {trawl::Query::Occur::kMust, trawl::Query::term("", word())}}));
      // A phrase that occurs: two consecutive words of a random document.
      const auto& doc = documents[rng() % documents.size()];
      std::istringstream in(doc.body);
      std::vector<std::string> tokens;
      for (std::string t; in >> t;) tokens.push_back(t);
      const std::size_t at = tokens.size() > 2 ? rng() % (tokens.size() - 1) : 0;
      c->queries["phrase"].push_back(trawl::Query::phrase(
          "", tokens.size() > 1 ? tokens[at] + " " + tokens[at + 1] : "wing"));
      c->queries["prefix"].push_back(trawl::Query::prefix("", word().substr(0, 4)));
    }
  }
  return corpus;
}

const Corpus& corpus() {
  static const Corpus built = build_corpus();
  return built;
}

void run(benchmark::State& state, const std::string& name) {
  const Corpus& c = corpus();
  trawl::SearchOptions options;
  options.k = static_cast<std::size_t>(state.range(0));
  options.exact_count = state.range(1) != 0;
  const auto& queries = c.queries.at(name);
  std::uint64_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const trawl::Query& query : queries) {
      auto result = c.searcher->search(query, options);
      if (!result) {
        state.SkipWithError(result.error().to_string().c_str());
        return;
      }
      hits += result->hits.size();
    }
    benchmark::DoNotOptimize(hits);
  }
  if (hits == 0) state.SkipWithError("no hits at all");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(queries.size()));
}

void BM_Search_Term(benchmark::State& state) { run(state, "term"); }
void BM_Search_And(benchmark::State& state) { run(state, "and"); }
void BM_Search_Or(benchmark::State& state) { run(state, "or"); }
void BM_Search_OrBody(benchmark::State& state) { run(state, "or_body"); }
void BM_Search_Phrase(benchmark::State& state) { run(state, "phrase"); }
void BM_Search_Prefix(benchmark::State& state) { run(state, "prefix"); }

void BM_Search_Long(benchmark::State& state) {
  const Corpus& c = corpus();
  // Terms spread evenly over the body's vocabulary: mostly rare ones, as in a long pasted text,
  // so a document holds few of them and the cost is the clauses that do not match it.
  const auto vocabulary = c.searcher->reader().terms(0, "body").value();
  const auto wanted = static_cast<std::size_t>(state.range(0));
  const std::size_t count = std::min(wanted, vocabulary.size());
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < count; ++i) terms.push_back(vocabulary[i * vocabulary.size() / count]);
  // One clause per term, OR-ed (the compiler makes them one bag of words).
  std::vector<trawl::Query::Clause> clauses;
  for (const std::string& term : terms) {
    clauses.push_back({trawl::Query::Occur::kShould, trawl::Query::term("body", term)});
  }
  const trawl::Query query = trawl::Query::boolean(std::move(clauses));
  trawl::SearchOptions options;
  options.exact_count = true;
  options.max_clauses = SIZE_MAX;
  options.max_prefix_terms = SIZE_MAX;
  std::uint64_t matched = 0;
  for (auto _ : state) {
    auto result = c.searcher->search(query, options);
    if (!result) {
      state.SkipWithError(result.error().to_string().c_str());
      return;
    }
    matched = result->total_hits;
    benchmark::DoNotOptimize(matched);
  }
  state.counters["words"] = static_cast<double>(count);
  state.counters["matched"] = static_cast<double>(matched);
}
BENCHMARK(BM_Search_Long)->ArgName("words")->Arg(256)->Arg(1024)->Arg(4096)->Unit(benchmark::kMillisecond);

// BM_Search_ManyFields/fields: a query on one field of a schema of that many text fields
// (2,000 documents, each with text in 20 of them), opening the searcher once: the time should
// not grow with the fields the query does not touch.
void BM_Search_ManyFields(benchmark::State& state) {
  const auto fields = static_cast<std::size_t>(state.range(0));
  trawl::Schema schema;
  schema.add_keyword("id");
  for (std::size_t f = 0; f < fields; ++f) schema.add_text("f" + std::to_string(f));
  schema.set_unique_key("id");
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  {
    auto writer = trawl::IndexWriter::open(directory, schema).value();
    std::mt19937_64 rng(1);
    for (int d = 0; d < 2000; ++d) {
      trawl::Document document;
      document.add("id", std::to_string(d));
      document.add("f0", "common text " + std::to_string(d % 50));
      for (int v = 1; v < 20; ++v) {
        document.add("f" + std::to_string(rng() % fields), "other words " + std::to_string(d % 7));
      }
      if (!writer.add(document).ok()) std::abort();
    }
    if (!writer.commit().ok()) std::abort();
  }
  const trawl::Searcher searcher(trawl::IndexReader::open(directory).value());
  const trawl::Query query = trawl::Query::term("f0", "common");
  for (auto _ : state) {
    auto result = searcher.search(query, trawl::SearchOptions{});
    if (!result) {
      state.SkipWithError(result.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->hits.data());
  }
}
BENCHMARK(BM_Search_ManyFields)->ArgName("fields")->Arg(2)->Arg(100)->Arg(5000)->Arg(20000)->Unit(
    benchmark::kMicrosecond);

#define TRAWL_SEARCH_BENCHMARK(name)                                                    \
  BENCHMARK(name)->ArgNames({"k", "exact"})->ArgsProduct({{10, 1000}, {0, 1}})->Unit(   \
      benchmark::kMillisecond)
TRAWL_SEARCH_BENCHMARK(BM_Search_Term);
TRAWL_SEARCH_BENCHMARK(BM_Search_And);
TRAWL_SEARCH_BENCHMARK(BM_Search_Or);
TRAWL_SEARCH_BENCHMARK(BM_Search_OrBody);
TRAWL_SEARCH_BENCHMARK(BM_Search_Phrase);
TRAWL_SEARCH_BENCHMARK(BM_Search_Prefix);

}  // namespace
