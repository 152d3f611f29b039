// trawl against an independent reference searcher on random indexes and random queries (see
// tests/support/differential.h). A fixed budget runs here; the libFuzzer target
// tests/fuzz/search_differential_fuzz.cc runs the same comparison for as long as it is asked.
// TRAWL_DIFFERENTIAL_CASES and TRAWL_DIFFERENTIAL_SEED change the budget and the first seed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "support/differential.h"

namespace {

std::uint64_t environment(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

}  // namespace

TEST_CASE("Differential: trawl equals the reference searcher on random indexes and queries",
          "[search][differential]") {
  const std::uint64_t cases = environment("TRAWL_DIFFERENTIAL_CASES", 60);
  const std::uint64_t first = environment("TRAWL_DIFFERENTIAL_SEED", 1);
  trawl::test::differential::Statistics stats;
  for (std::uint64_t seed = first; seed < first + cases; ++seed) {
    trawl::test::differential::SeededDraw draw(seed);
    trawl::test::differential::Case test_case(draw);
    const std::string failure = test_case.run(40, stats);
    INFO("seed " << seed << " (TRAWL_DIFFERENTIAL_SEED=" << seed
                 << " TRAWL_DIFFERENTIAL_CASES=1 reproduces it)");
    REQUIRE(failure == "");
  }
  WARN(stats.cases << " indexes, " << stats.queries << " queries (" << stats.parsed
                   << " also parsed from text, " << stats.errors << " invalid, "
                   << stats.nonempty << " with hits), " << stats.shapes.size() << " shapes");
  // The generator must keep reaching every part of the language.
  CHECK(stats.shapes.size() > stats.queries / 4);
  CHECK(stats.nonempty > stats.queries / 3);
  CHECK(stats.parsed > stats.queries / 4);
  CHECK(stats.errors > 0);
}
