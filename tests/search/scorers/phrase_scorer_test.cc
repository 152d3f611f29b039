// phrase_occurrences against a count written from the definition of an exact phrase: a start v
// is an occurrence when every word i has a position at v + offset i. Random position lists of
// two to five words, words repeated (a term twice in the phrase has one list at two offsets),
// dense and sparse, with the occurrences' spans checked too.
#include "search/scorers/phrase_scorer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <span>
#include <utility>
#include <vector>

namespace {

using trawl::Position;

// Sorted distinct positions below `limit`, each present with probability `density`.
std::vector<Position> random_positions(std::mt19937& rng, Position limit, double density) {
  std::bernoulli_distribution present(density);
  std::vector<Position> positions;
  for (Position p = 0; p < limit; ++p) {
    if (present(rng)) positions.push_back(p);
  }
  return positions;
}

}  // namespace

TEST_CASE("Exact phrase occurrences are the starts every word's position confirms",
          "[search]") {
  std::mt19937 engine(20261203);
  const auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t words = 2 + rng() % 4;
    const std::size_t terms = 1 + rng() % words;  // fewer terms than words: repeats
    const Position limit = 1 + rng() % 200;
    const double density = static_cast<double>(1 + rng() % 9) / 10.0;
    std::vector<std::vector<Position>> term_positions;
    for (std::size_t t = 0; t < terms; ++t) {
      term_positions.push_back(random_positions(engine, limit, density));
    }
    trawl::search_internal::PhraseShape shape;
    std::vector<std::span<const Position>> lists;
    Position offset = 0;
    for (std::size_t w = 0; w < words; ++w) {
      const auto term = static_cast<std::uint32_t>(w < terms ? w : rng() % terms);
      shape.term.push_back(term);
      shape.offsets.push_back(offset);
      offset += 1 + rng() % 2;  // a gap where a stop word stood, sometimes
      lists.emplace_back(term_positions[term]);
    }
    std::set<std::pair<Position, Position>> expected;  // each occurrence's first and last
    for (Position v = 0; v < limit; ++v) {
      bool all = true;
      for (std::size_t w = 0; w < words && all; ++w) {
        const auto& list = term_positions[shape.term[w]];
        all = std::binary_search(list.begin(), list.end(), v + shape.offsets[w]);
      }
      if (all) expected.emplace(v, v + shape.offsets.back());
    }
    CAPTURE(trial, words, terms, limit, density);
    std::vector<std::pair<Position, Position>> spans;
    CHECK(trawl::search_internal::phrase_occurrences(lists, shape, &spans) == expected.size());
    CHECK(std::set<std::pair<Position, Position>>(spans.begin(), spans.end()) == expected);
    CHECK(spans.size() == expected.size());
  }
}
