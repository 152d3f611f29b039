#include "util/gaps.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace {

// The contract, from the header: documents rising strictly from `base`, in 64 bits.
std::optional<std::vector<std::uint32_t>> expected_documents(const std::vector<std::uint32_t>& gaps,
                                                             std::uint32_t base,
                                                             bool first_may_be_zero) {
  std::vector<std::uint32_t> documents;
  std::uint64_t document = base;
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    if (gaps[i] == 0 && !(i == 0 && first_may_be_zero)) return std::nullopt;
    document += gaps[i];
    if (document > 0xFFFFFFFFull) return std::nullopt;
    documents.push_back(static_cast<std::uint32_t>(document));
  }
  return documents;
}

void check_both(const std::vector<std::uint32_t>& gaps, std::uint32_t base,
                bool first_may_be_zero) {
  CAPTURE(gaps.size(), base, first_may_be_zero);
  const auto expected = expected_documents(gaps, base, first_may_be_zero);
  std::vector<std::uint32_t> fast = gaps, portable = gaps;
  const bool fast_ok =
      trawl::util::gaps_to_documents(fast.data(), fast.size(), base, first_may_be_zero);
  const bool portable_ok = trawl::util::gaps_to_documents_portable(portable.data(), portable.size(),
                                                                   base, first_may_be_zero);
  REQUIRE(fast_ok == expected.has_value());
  REQUIRE(portable_ok == expected.has_value());
  if (expected) {
    CHECK(fast == *expected);
    CHECK(portable == *expected);
  }
}

}  // namespace

TEST_CASE("Gaps to documents: sound blocks of every size equal summing by hand", "[util]") {
  std::mt19937_64 rng(20261203);
  for (std::size_t n = 1; n <= 128; ++n) {
    for (const std::uint32_t bits : {1u, 4u, 12u, 20u}) {
      std::vector<std::uint32_t> gaps(n);
      for (auto& gap : gaps) gap = 1 + static_cast<std::uint32_t>(rng() % (1u << bits));
      const auto base = static_cast<std::uint32_t>(rng() % 1000000);
      check_both(gaps, base, false);
      gaps[0] = 0;
      check_both(gaps, 0, true);      // the first block's first document: 0
      check_both(gaps, base, false);  // a zero first gap after a block: corrupt
    }
  }
}

TEST_CASE("Gaps to documents: a zero gap anywhere or a sum past 2^32 - 1 is corrupt", "[util]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    const std::size_t n = 1 + rng() % 128;
    std::vector<std::uint32_t> gaps(n);
    for (auto& gap : gaps) gap = 1 + static_cast<std::uint32_t>(rng() % 1000);
    const std::size_t at = rng() % n;
    const bool first_may_be_zero = rng() % 2 == 0;
    switch (rng() % 4) {
      case 0:
        gaps[at] = 0;
        break;
      case 1:  // one huge gap: the sums wrap there, and may look sound again after it
        gaps[at] = 0xFFFFFFFFu - static_cast<std::uint32_t>(rng() % 2000);
        break;
      case 2:  // several big gaps that only overflow together
        for (std::size_t i = at; i < n; ++i)
          gaps[i] = 0x40000000u + static_cast<std::uint32_t>(rng() % 7);
        break;
      default:  // a base near the top, sums that end just below or past it
        check_both(gaps, 0xFFFFFFFFu - static_cast<std::uint32_t>(rng() % (n * 1000)),
                   first_may_be_zero);
        continue;
    }
    check_both(gaps, static_cast<std::uint32_t>(rng() % 100000), first_may_be_zero);
  }
}
