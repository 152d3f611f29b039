// Token streams must not allocate per token once warm. This executable replaces the global
// operator new to count allocations (support/heap_counter.h), which is why it is separate from
// the other tests.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "support/heap_counter.h"
#include "support/random_text.h"
#include "trawl/analysis/analyzer.h"

TEST_CASE("TokenStream: no allocation per token in the steady state", "[analysis]") {
  if (!trawl::test::heap_counted()) {
    SUCCEED("allocation counting is off under AddressSanitizer (scripts/test runs it in Release)");
    return;
  }
  trawl::AnalyzerOptions options;
  options.fold_diacritics = true;
  const std::string language = GENERATE("english", "russian", "german", "");
  options.language = language;
  // Colocated forms (transliteration) are kept in buffers that are reused too.
  options.transliterate = GENERATE(false, true);
  CAPTURE(language, options.transliterate);
  auto analyzer = trawl::Analyzer::create(options);
  REQUIRE(analyzer.has_value());
  std::mt19937_64 rng(7);
  const std::string text = trawl::test::random_text(rng, 2000);

  trawl::TokenStream stream = analyzer->token_stream();
  long tokens = 0;
  // Warm up: buffers grow to their working size.
  for (int round = 0; round < 2; ++round) {
    stream.reset(text);
    while (stream.advance()) ++tokens;
  }
  REQUIRE(tokens > 1000);

  const long before = trawl::test::heap_allocations();
  stream.reset(text);
  while (stream.advance()) {
  }
  const long after = trawl::test::heap_allocations();
  REQUIRE(stream.status().ok());
  CHECK(after - before == 0);
}
