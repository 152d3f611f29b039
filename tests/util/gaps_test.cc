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

TEST_CASE("Run starts: every size and count range equals summing by hand", "[util]") {
  std::mt19937_64 rng(20261205);
  for (std::size_t n = 0; n <= 128; ++n) {
    // Small counts (the kernels' range), one past 2^24 (the portable loop redoes them) and
    // counts whose total passes 2^32 - 1 (corrupt: only the total is specified).
    for (const std::uint64_t limit : {std::uint64_t{5}, std::uint64_t{1} << 20,
                                      std::uint64_t{1} << 25, std::uint64_t{1} << 32}) {
      CAPTURE(n, limit);
      std::vector<std::uint32_t> counts(n);
      for (auto& count : counts) count = static_cast<std::uint32_t>(rng() % limit);
      std::vector<std::uint32_t> expected(n + 1);
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < n; ++i) {
        expected[i] = static_cast<std::uint32_t>(total);
        total += counts[i] + std::uint64_t{1};
      }
      expected[n] = static_cast<std::uint32_t>(total);
      std::vector<std::uint32_t> fast(n + 1, 7), portable(n + 1, 9);
      CHECK(trawl::util::run_starts(counts.data(), n, fast.data()) == total);
      CHECK(trawl::util::run_starts_portable(counts.data(), n, portable.data()) == total);
      if (total <= 0xFFFFFFFFull) {
        CHECK(fast == expected);
        CHECK(portable == expected);
      }
    }
  }
}

TEST_CASE("Running sums: modulo 2^32, every length, equal to adding one by one", "[util]") {
  std::mt19937_64 rng(20261206);
  for (std::size_t n = 0; n <= 300; n += 1 + rng() % 7) {
    for (const std::uint64_t limit : {std::uint64_t{3}, std::uint64_t{1} << 32}) {
      CAPTURE(n, limit);
      std::vector<std::uint32_t> values(n);
      for (auto& value : values) value = static_cast<std::uint32_t>(rng() % limit);
      std::vector<std::uint32_t> expected = values;
      std::uint32_t sum = 0;
      for (auto& value : expected) value = sum += value;
      std::vector<std::uint32_t> fast = values, portable = values;
      trawl::util::running_sums(fast.data(), n);
      trawl::util::running_sums_portable(portable.data(), n);
      CHECK(fast == expected);
      CHECK(portable == expected);
    }
  }
}
