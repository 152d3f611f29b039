// gallop_lower_bound against std::lower_bound: random sorted runs (with repeats) of every
// length up to 300, every value from below the first to above the last.
#include "util/gallop.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

TEST_CASE("gallop_lower_bound equals std::lower_bound", "[util]") {
  std::mt19937 engine(20261203);
  for (std::size_t size = 0; size <= 300; ++size) {
    std::vector<std::uint32_t> run(size);
    auto value = static_cast<std::uint32_t>(engine() % 3);
    for (auto& element : run) {
      value += static_cast<std::uint32_t>(engine() % 4);  // repeats too
      element = value;
    }
    const std::uint32_t top = size == 0 ? 2 : run.back() + 2;
    for (std::uint32_t sought = 0; sought <= top; ++sought) {
      const std::uint32_t* begin = run.data();
      const std::uint32_t* end = run.data() + run.size();
      REQUIRE(trawl::util::gallop_lower_bound(begin, end, sought) ==
              std::lower_bound(begin, end, sought));
    }
  }
}
