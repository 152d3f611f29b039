// Fuzzy and wildcard terms on large dictionaries: the cost of finding a word's terms within 1
// or 2 edits follows the terms matched and the prefixes near them, not the size of the
// dictionary; a wildcard's follows the terms after its literal prefix (all, for a leading one).
//
// The dictionary: distinct English-like words (two to four syllables of a list of common
// ones), 100,000 or 700,000 of them, indexed eight to a document in one field without
// analysis, one segment. The query words: 64 words of the dictionary, each with one random
// edit (a deletion, insertion, substitution or transposition).
//
//   BM_Fuzzy_Walk/terms/edits    the dictionary walk with the edit automaton, seeking past
//                                dead prefixes (search/fuzzy/term_intersection.h), for the 64
//                                words; counters per word: matched terms, dictionary entries
//                                read
//   BM_Fuzzy_Scan/terms/edits    the same matches by running the automaton over every term:
//                                what the walk avoids
//   BM_Fuzzy_Query/terms/edits   Searcher::search(Query::fuzzy) of the 64 words, top 10: the
//                                walk, the blended statistics and the postings
//   BM_Wildcard/terms/leading    Searcher::search(Query::wildcard) of 64 patterns made of the
//                                words: "*" + the last 4 letters (leading:1, every term read)
//                                or the first 2 letters + "?" + the rest with its last
//                                letter a "*" (leading:0)
//
// items are query words, so the time per word is the iteration time / 64.
// Run a claim with --benchmark_repetitions=5 --benchmark_report_aggregates_only=true.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "index/index_reader_internal.h"
#include "search/fuzzy/edit_automaton.h"
#include "search/fuzzy/term_intersection.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"
#include "util/utf8.h"

namespace {

constexpr int kQueryWords = 64;
constexpr std::array<const char*, 64> kSyllables = {
    "al", "an", "ar", "as", "at", "ba", "be",  "bi", "ca",   "ce",  "co", "com", "con",
    "da", "de", "di", "du", "el", "en", "er",  "es", "ex",   "fa",  "fi", "for", "ga",
    "ge", "hu", "in", "is", "la", "le", "li",  "lo", "ma",   "me",  "mi", "mo",  "na",
    "ne", "ni", "no", "or", "pa", "pe", "per", "pi", "po",   "pro", "ra", "re",  "ri",
    "ro", "sa", "se", "si", "ta", "te", "ter", "ti", "tion", "to",  "tu", "un"};

struct Dictionary {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::unique_ptr<trawl::Searcher> searcher;
  std::vector<std::string> typos;  // the query words
  std::size_t terms = 0;
};

Dictionary build(std::size_t terms) {
  if (std::getenv("TRAWL_BENCH_SMOKE") != nullptr) terms /= 200;
  Dictionary d;
  std::mt19937_64 rng(terms);
  std::set<std::string> words;
  while (words.size() < terms) {
    std::string word;
    for (std::size_t s = 2 + rng() % 3; s > 0; --s) word += kSyllables[rng() % kSyllables.size()];
    words.insert(word);
  }
  trawl::Schema schema;
  schema.add_text("body", trawl::AnalyzerOptions{"", false, false, false, 255});
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = std::size_t{1} << 30;
  auto writer = trawl::IndexWriter::open(d.directory, schema, options);
  std::vector<std::string> all(words.begin(), words.end());
  std::shuffle(all.begin(), all.end(), rng);
  for (std::size_t i = 0; i < all.size(); i += 8) {
    std::string body;
    for (std::size_t j = i; j < all.size() && j < i + 8; ++j) body += all[j] + " ";
    (void)writer->add(trawl::Document().add("body", body));
  }
  (void)writer->commit();
  d.searcher = std::make_unique<trawl::Searcher>(trawl::IndexReader::open(d.directory).value());
  d.terms = words.size();
  for (int q = 0; q < kQueryWords; ++q) {
    std::string word = all[rng() % all.size()];
    const std::size_t at = rng() % word.size();
    switch (rng() % 4) {
      case 0:
        word.erase(at, 1);
        break;
      case 1:
        word.insert(at, 1, static_cast<char>('a' + rng() % 26));
        break;
      case 2:
        word[at] = static_cast<char>('a' + rng() % 26);
        break;
      default:
        if (at + 1 < word.size()) std::swap(word[at], word[at + 1]);
    }
    d.typos.push_back(word);
  }
  return d;
}

const Dictionary& dictionary(std::size_t terms) {
  static std::map<std::size_t, Dictionary> built;
  auto at = built.find(terms);
  if (at == built.end()) at = built.emplace(terms, build(terms)).first;
  return at->second;
}

const trawl::index_internal::SegmentReader& segment_of(const Dictionary& d) {
  return *trawl::IndexReaderInternal::segments(d.searcher->reader())[0];
}

void BM_Fuzzy_Walk(benchmark::State& state) {
  const Dictionary& d = dictionary(static_cast<std::size_t>(state.range(0)));
  const auto edits = static_cast<std::uint32_t>(state.range(1));
  const auto& segment = segment_of(d);
  std::vector<trawl::search_internal::EditAutomaton> automata;
  for (const std::string& word : d.typos) automata.emplace_back(word, edits);
  std::uint64_t matches = 0;
  trawl::search_internal::IntersectionStats stats;
  for (auto _ : state) {
    matches = 0;
    stats = {};
    for (const auto& automaton : automata) {
      const trawl::Status status = trawl::search_internal::intersect_terms(
          segment, 0, "", automaton,
          [&](std::string_view, const trawl::index_internal::TermInfo&, std::uint32_t) {
            ++matches;
            return true;
          },
          &stats);
      if (!status.ok()) {
        state.SkipWithError(status.to_string().c_str());
        return;
      }
    }
    benchmark::DoNotOptimize(matches);
  }
  state.SetItemsProcessed(state.iterations() * kQueryWords);
  state.counters["dictionary"] = static_cast<double>(d.terms);
  state.counters["matched"] = static_cast<double>(matches) / kQueryWords;
  state.counters["read"] = static_cast<double>(stats.terms_read) / kQueryWords;
}

void BM_Fuzzy_Scan(benchmark::State& state) {
  const Dictionary& d = dictionary(static_cast<std::size_t>(state.range(0)));
  const auto edits = static_cast<std::uint32_t>(state.range(1));
  const auto& segment = segment_of(d);
  std::vector<trawl::search_internal::EditAutomaton> automata;
  for (const std::string& word : d.typos) automata.emplace_back(word, edits);
  std::uint64_t matches = 0;
  for (auto _ : state) {
    matches = 0;
    for (const auto& automaton : automata) {
      const trawl::Status status = segment.for_each_term(
          0, "", [&](std::string_view term, const trawl::index_internal::TermInfo&) {
            auto s = automaton.start();
            const auto size = static_cast<std::int32_t>(term.size());
            for (std::int32_t at = 0; at < size && !automaton.dead(s);) {
              s = automaton.step(s, trawl::util::next_code_point(term.data(), at, size));
            }
            matches += automaton.accepts(s) ? 1u : 0u;
            return true;
          });
      if (!status.ok()) {
        state.SkipWithError(status.to_string().c_str());
        return;
      }
    }
    benchmark::DoNotOptimize(matches);
  }
  state.SetItemsProcessed(state.iterations() * kQueryWords);
  state.counters["matched"] = static_cast<double>(matches) / kQueryWords;
}

void BM_Fuzzy_Query(benchmark::State& state) {
  const Dictionary& d = dictionary(static_cast<std::size_t>(state.range(0)));
  const auto edits = static_cast<std::uint32_t>(state.range(1));
  std::vector<trawl::Query> queries;
  for (const std::string& word : d.typos)
    queries.push_back(trawl::Query::fuzzy("body", word, edits));
  trawl::SearchOptions options;
  options.fuzziness.max_expansions = 1000;  // every match, as the walk finds them
  std::uint64_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const trawl::Query& query : queries) {
      auto result = d.searcher->search(query, options);
      if (!result) {
        state.SkipWithError(result.error().to_string().c_str());
        return;
      }
      hits += result->hits.size();
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * kQueryWords);
}

void BM_Wildcard(benchmark::State& state) {
  const Dictionary& d = dictionary(static_cast<std::size_t>(state.range(0)));
  const bool leading = state.range(1) != 0;
  std::vector<trawl::Query> queries;
  for (const std::string& word : d.typos) {
    const std::string_view w(word);
    const std::size_t n = w.size();
    std::ostringstream pattern;
    if (leading) {
      pattern << '*' << w.substr(n - std::min<std::size_t>(4, n));
    } else {
      pattern << w.substr(0, 2) << '?' << w.substr(std::min<std::size_t>(3, n), n > 4 ? n - 4 : 0)
              << '*';
    }
    queries.push_back(trawl::Query::wildcard("body", pattern.str()));
  }
  std::uint64_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const trawl::Query& query : queries) {
      auto result = d.searcher->search(query);
      if (!result) {
        state.SkipWithError(result.error().to_string().c_str());
        return;
      }
      hits += result->total_hits;
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * kQueryWords);
  state.counters["hits"] = static_cast<double>(hits) / kQueryWords;
}

}  // namespace

BENCHMARK(BM_Wildcard)
    ->ArgNames({"terms", "leading"})
    ->ArgsProduct({{100'000, 700'000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fuzzy_Walk)
    ->ArgNames({"terms", "edits"})
    ->ArgsProduct({{100'000, 700'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fuzzy_Scan)
    ->ArgNames({"terms", "edits"})
    ->ArgsProduct({{700'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fuzzy_Query)
    ->ArgNames({"terms", "edits"})
    ->ArgsProduct({{100'000, 700'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond);
