// Token streams must not allocate per token once warm. This executable replaces the global
// operator new to count allocations, which is why it is separate from the other tests.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <string>

#include "support/random_text.h"
#include "trawl/analysis/analyzer.h"

// AddressSanitizer owns operator new and reports our replacement's frees as mismatched, so the
// count is taken in builds without it (scripts/test runs this suite in its Release build).
#if defined(__SANITIZE_ADDRESS__)
#define TRAWL_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRAWL_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef TRAWL_COUNT_ALLOCATIONS
#define TRAWL_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

#if TRAWL_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

TEST_CASE("TokenStream: no allocation per token in the steady state", "[analysis]") {
  if (!TRAWL_COUNT_ALLOCATIONS) {
    SUCCEED("allocation counting is off under AddressSanitizer (scripts/test runs it in Release)");
    return;
  }
  trawl::AnalyzerOptions options;
  options.fold_diacritics = true;
  const std::string language = GENERATE("english", "russian", "german", "");
  options.language = language;
  CAPTURE(language);
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

  const long before = g_allocations.load();
  stream.reset(text);
  while (stream.advance()) {
  }
  const long after = g_allocations.load();
  REQUIRE(stream.status().ok());
  CHECK(after - before == 0);
}
