// The scorers' fast forms against their simple forms, on random postings.
#include "search/scorers/combined_scorers.h"
#include "search/scorers/window_disjunction.h"

#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <utility>
#include <vector>

namespace {

using trawl::DocId;
using trawl::kTerminated;
using trawl::search_internal::Scorer;
using trawl::search_internal::ScorerPtr;

// A scorer over a fixed list of (document, score).
class ListScorer final : public Scorer {
 public:
  explicit ListScorer(std::vector<std::pair<DocId, double>> list) : list_(std::move(list)) {}
  DocId doc() const noexcept override { return at_ < list_.size() ? list_[at_].first : kTerminated; }
  void advance(DocId target) override {
    while (at_ < list_.size() && list_[at_].first < target) ++at_;
  }
  double score() override { return list_[at_].second; }
  trawl::Status status() const override { return {}; }

 private:
  std::vector<std::pair<DocId, double>> list_;
  std::size_t at_ = 0;
};

std::vector<ScorerPtr> children(const std::vector<std::vector<std::pair<DocId, double>>>& lists) {
  std::vector<ScorerPtr> out;
  for (const auto& list : lists) out.push_back(std::make_unique<ListScorer>(list));
  return out;
}

}  // namespace

TEST_CASE("Scorers: the heap disjunction equals the scanning one", "[search]") {
  std::mt19937_64 rng(GENERATE(take(20, random(0u, 1000000u))));
  const std::size_t count = 1 + rng() % 60;
  std::vector<std::vector<std::pair<DocId, double>>> lists(count);
  for (auto& list : lists) {
    const DocId density = 1 + static_cast<DocId>(rng() % 20);
    for (DocId doc = 0; doc < 2000; ++doc) {
      if (rng() % density == 0) list.emplace_back(doc, static_cast<double>(rng() % 1000) / 7.0);
    }
  }
  const std::size_t min_match = 1 + rng() % 3;
  ScorerPtr scan = trawl::search_internal::make_scan_disjunction(children(lists), min_match);
  ScorerPtr heap = trawl::search_internal::make_heap_disjunction(children(lists), min_match);
  std::size_t matches = 0;
  while (scan->doc() != kTerminated) {
    REQUIRE(heap->doc() == scan->doc());
    REQUIRE(heap->score() == scan->score());  // summed in the same order: bit-identical
    ++matches;
    // Step by one, or jump (as conjunctions and MaxScore do).
    const DocId target = scan->doc() + 1 + (rng() % 4 == 0 ? static_cast<DocId>(rng() % 50) : 0);
    scan->advance(target);
    heap->advance(target);
  }
  CHECK(heap->doc() == kTerminated);
  CHECK(matches > 0);
}

TEST_CASE("Scorers: the window disjunction equals the scanning one", "[search]") {
  std::mt19937_64 rng(GENERATE(take(20, random(0u, 1000000u))));
  const std::size_t count = 2 + rng() % 14;
  std::vector<std::vector<std::pair<DocId, double>>> lists(count);
  // Documents up to several windows apart, with gaps longer than a window now and then.
  const DocId docs = 1000 + static_cast<DocId>(rng() % 20000);
  for (auto& list : lists) {
    const DocId density = 1 + static_cast<DocId>(rng() % 40);
    for (DocId doc = 0; doc < docs; ++doc) {
      if (doc % 5000 < 2500 && rng() % 3 == 0) continue;
      if (rng() % density == 0) list.emplace_back(doc, static_cast<double>(rng() % 1000) / 7.0);
    }
  }
  ScorerPtr scan = trawl::search_internal::make_scan_disjunction(children(lists), 1);
  std::vector<std::unique_ptr<ListScorer>> own;
  for (const auto& list : lists) own.push_back(std::make_unique<ListScorer>(list));
  trawl::search_internal::WindowDisjunctionScorer<ListScorer> window(std::move(own));
  std::size_t matches = 0;
  while (scan->doc() != kTerminated) {
    REQUIRE(window.doc() == scan->doc());
    REQUIRE(window.score() == scan->score());  // summed in the same order: bit-identical
    ++matches;
    // Step by one, or jump within a window or past several.
    DocId target = scan->doc() + 1;
    if (rng() % 8 == 0) target += static_cast<DocId>(rng() % 50);
    if (rng() % 64 == 0) target += static_cast<DocId>(rng() % 10000);
    scan->advance(target);
    window.advance(target);
  }
  CHECK(window.doc() == kTerminated);
  CHECK(matches > 0);
}
