// Analysis throughput: bytes and tokens per second through the analysis pipeline.
//
//   BM_Analysis_Tokenize/lang      the word tokenizer alone (ICU BreakIterator + UTF-16 window)
//   BM_Analysis_Analyze/lang/stem  the standard analyzer: tokenizer, NFKC_Casefold, stop words,
//                                  and with stem:1 the Snowball stemmer
//
// lang 0 is English (the 1.6 MB of Cranfield abstracts), lang 1 is Russian (a 5 KB text,
// repeated to about 1 MB). Run a claim with --benchmark_repetitions=5 and read the medians.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "bench_data.h"
#include "trawl/analysis/analyzer.h"

namespace {

const std::string& corpus(std::int64_t language) {
  static const std::string english = trawl::bench::load_file("tests/data/cranfield/cran.all.1400");
  static const std::string russian = [] {
    const std::string text = trawl::bench::load_file("benchmarks/data/ru_search.txt");
    std::string repeated;
    while (repeated.size() < 1'000'000) repeated += text + "\n";
    return repeated;
  }();
  return language == 0 ? english : russian;
}

const char* language_name(std::int64_t language) { return language == 0 ? "english" : "russian"; }

trawl::Analyzer make_analyzer(std::int64_t language, bool stem) {
  trawl::AnalyzerOptions options;
  options.language = language_name(language);
  options.stem = stem;
  auto analyzer = trawl::Analyzer::create(options);
  if (!analyzer) {
    std::fprintf(stderr, "%s\n", analyzer.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(analyzer).value();
}

void report(benchmark::State& state, const std::string& text, std::int64_t tokens) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * tokens);
  state.counters["tokens"] = static_cast<double>(tokens);
}

void BM_Analysis_Tokenize(benchmark::State& state) {
  const std::string& text = corpus(state.range(0));
  auto tokenizer = trawl::make_word_tokenizer();
  if (!tokenizer) {
    state.SkipWithError(tokenizer.error().to_string().c_str());
    return;
  }
  trawl::Token token;
  std::int64_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    (*tokenizer)->reset(text);
    while ((*tokenizer)->advance(token)) ++tokens;
    benchmark::DoNotOptimize(tokens);
  }
  if (tokens < 1000) state.SkipWithError("implausibly few tokens");
  report(state, text, tokens);
}
BENCHMARK(BM_Analysis_Tokenize)->ArgName("lang")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_Analysis_Analyze(benchmark::State& state) {
  const std::string& text = corpus(state.range(0));
  const trawl::Analyzer analyzer = make_analyzer(state.range(0), state.range(1) != 0);
  trawl::TokenStream stream = analyzer.token_stream();
  std::int64_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    stream.reset(text);
    while (stream.advance()) ++tokens;
    benchmark::DoNotOptimize(tokens);
  }
  if (!stream.status().ok() || tokens < 1000) state.SkipWithError("analysis failed");
  report(state, text, tokens);
}
BENCHMARK(BM_Analysis_Analyze)
    ->ArgNames({"lang", "stem"})
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
