// Impacts against brute force over the block's documents: every document is bounded by some
// pair, every pair is reached by a document (unless merged, when it bounds the pairs it
// replaced), and the encoding round-trips and refuses malformed bytes.
#include "index/impacts.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace {

using trawl::index_internal::Impact;
using trawl::index_internal::Impacts;
using trawl::index_internal::kMaxImpacts;

bool bounds(const Impact& pair, std::uint32_t freq, std::uint32_t length) {
  return pair.freq >= freq && pair.length <= length;
}

}  // namespace

TEST_CASE("Impacts: the Pareto set of a block bounds every document and no more", "[index]") {
  std::mt19937_64 rng(20261202);
  for (int round = 0; round < 2000; ++round) {
    const std::size_t n = 1 + rng() % 128;
    // Narrow or wide ranges: few pairs with many ties, or many pairs that must be merged; and
    // frequencies past 64, which take the sorting path.
    const std::uint64_t widest = round % 3 == 0 ? 4 : round % 3 == 1 ? 60 : 300;
    const std::uint32_t freq_range = 1 + static_cast<std::uint32_t>(rng() % widest);
    const std::uint32_t length_range = 1 + static_cast<std::uint32_t>(rng() % 500);
    std::vector<std::uint32_t> freqs_minus_one(n), lengths(n);
    for (std::size_t i = 0; i < n; ++i) {
      freqs_minus_one[i] = static_cast<std::uint32_t>(rng() % freq_range);
      lengths[i] = static_cast<std::uint32_t>(rng() % length_range);
    }
    CAPTURE(round, n);
    const Impacts impacts =
        trawl::index_internal::block_impacts(freqs_minus_one.data(), lengths.data(), n);
    REQUIRE(impacts.count >= 1);
    REQUIRE(impacts.count <= kMaxImpacts);
    const std::uint32_t max_freq = *std::max_element(freqs_minus_one.begin(), freqs_minus_one.end()) + 1;
    const std::uint32_t min_length = *std::min_element(lengths.begin(), lengths.end());
    CHECK(impacts.pairs[0].length == min_length);
    CHECK(impacts.pairs[impacts.count - 1].freq == max_freq);
    for (std::size_t p = 1; p < impacts.count; ++p) {
      CHECK(impacts.pairs[p].freq > impacts.pairs[p - 1].freq);
      CHECK(impacts.pairs[p].length > impacts.pairs[p - 1].length);
    }
    // Every document is bounded by a pair.
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(std::any_of(impacts.pairs.begin(), impacts.pairs.begin() + impacts.count,
                        [&](const Impact& pair) {
                          return bounds(pair, freqs_minus_one[i] + 1, lengths[i]);
                        }));
    }
    // The brute-force Pareto set: each of its pairs is bounded by a kept pair; when it is
    // small enough to keep whole, the kept pairs are exactly it.
    std::vector<Impact> pareto;
    for (std::size_t i = 0; i < n; ++i) {
      const Impact candidate{freqs_minus_one[i] + 1, lengths[i]};
      bool beaten = false;
      for (std::size_t j = 0; j < n && !beaten; ++j) {
        const Impact other{freqs_minus_one[j] + 1, lengths[j]};
        beaten = bounds(other, candidate.freq, candidate.length) &&
                 (other.freq != candidate.freq || other.length != candidate.length);
      }
      const bool seen = std::any_of(pareto.begin(), pareto.end(), [&](const Impact& pair) {
        return pair.freq == candidate.freq && pair.length == candidate.length;
      });
      if (!beaten && !seen) pareto.push_back(candidate);
    }
    std::sort(pareto.begin(), pareto.end(),
              [](const Impact& a, const Impact& b) { return a.freq < b.freq; });
    if (pareto.size() <= kMaxImpacts) {
      REQUIRE(impacts.count == pareto.size());
      for (std::size_t p = 0; p < pareto.size(); ++p) {
        CHECK(impacts.pairs[p].freq == pareto[p].freq);
        CHECK(impacts.pairs[p].length == pareto[p].length);
      }
    }

    // The encoding round-trips, and every strict prefix of it is refused.
    std::string bytes;
    trawl::index_internal::encode_impacts(impacts, bytes);
    const auto* begin = reinterpret_cast<const std::uint8_t*>(bytes.data());
    Impacts decoded;
    REQUIRE(trawl::index_internal::decode_impacts(begin, begin + bytes.size(), max_freq,
                                                  min_length, decoded));
    REQUIRE(decoded.count == impacts.count);
    for (std::size_t p = 0; p < impacts.count; ++p) {
      CHECK(decoded.pairs[p].freq == impacts.pairs[p].freq);
      CHECK(decoded.pairs[p].length == impacts.pairs[p].length);
    }
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
      CHECK_FALSE(trawl::index_internal::decode_impacts(begin, begin + cut, max_freq, min_length,
                                                        decoded));
    }
  }
}

TEST_CASE("Impacts: malformed bytes are refused, never over-read", "[index]") {
  std::mt19937_64 rng(7);
  const auto decode = [](const std::vector<std::uint8_t>& bytes, std::uint32_t max_freq,
                         std::uint32_t min_length, Impacts& out) {
    return trawl::index_internal::decode_impacts(bytes.data(), bytes.data() + bytes.size(),
                                                 max_freq, min_length, out);
  };
  Impacts out;
  // No bytes: the skip entry's own pair.
  REQUIRE(decode({}, 5, 9, out));
  CHECK(out.count == 1);
  CHECK(out.pairs[0].freq == 5);
  CHECK(out.pairs[0].length == 9);
  CHECK_FALSE(decode({0}, 5, 9, out));           // a frequency of 0
  CHECK_FALSE(decode({5, 0, 1}, 5, 9, out));     // a first frequency equal to the largest
  CHECK_FALSE(decode({2, 3, 0}, 5, 9, out));     // a length that does not rise
  CHECK_FALSE(decode({2, 4, 1}, 5, 9, out));     // past the largest frequency
  CHECK_FALSE(decode({2, 3, 1, 7}, 5, 9, out));  // bytes after the last pair
  CHECK(decode({2, 3, 1}, 5, 9, out));
  CHECK(out.count == 2);
  // More pairs than a block keeps.
  std::vector<std::uint8_t> many{1};
  for (std::size_t i = 0; i < kMaxImpacts; ++i) many.insert(many.end(), {1, 1});
  CHECK_FALSE(decode(many, 1 + static_cast<std::uint32_t>(kMaxImpacts), 3, out));
  // Random bytes: refused or decoded into rising pairs within the skip entry's bounds.
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::uint8_t> bytes(rng() % 12);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? rng() : rng() % 6);
    const auto max_freq = static_cast<std::uint32_t>(1 + rng() % 10);
    if (!decode(bytes, max_freq, 4, out)) continue;
    REQUIRE(out.count >= 1);
    REQUIRE(out.count <= kMaxImpacts);
    CHECK(out.pairs[0].length == 4);
    CHECK(out.pairs[out.count - 1].freq == max_freq);
  }
}
