// best_block_floor: a floor under the threshold of a bag of words before MaxScore starts in a
// segment. Top-k pruning passes over what cannot beat the k-th score so far, which starts at
// -infinity, so the first windows, until k good documents have turned up, are read nearly
// whole. A word's best block (by its bound) holds documents scoring near the top for that word
// alone, and a bag's score is a sum of non-negative parts, at least its score for any one of
// its words. So when k live documents of a word's best block score s or more for that word, k
// matches of the bag score s or more, and no document below s can be a hit: the threshold may
// start at s. This is the threshold estimation of Petri, Moffat, Mackenzie and Culpepper (SIGIR
// 2019) made exact: the floor is a score computed for k real documents, never a guess that may
// overshoot, so the hits are those found without it.
#ifndef TRAWL_SRC_SEARCH_PRUNING_BEST_BLOCK_FLOOR_H_
#define TRAWL_SRC_SEARCH_PRUNING_BEST_BLOCK_FLOOR_H_

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "search/scorers/score_through.h"
#include "trawl/status.h"

namespace trawl::search_internal {

/// From this many hits wanted on, one block rarely holds k good documents: no floor is sought.
constexpr std::size_t kBestBlockFloorUpTo = 32;

/// Raises run's floor (Sink::raise_floor) to the largest, over `terms` (each with its block
/// bounds), of the k-th best score of a word alone among the live documents of its best block.
/// `open(i)` gives a fresh cursor over terms[i]'s postings (the terms' own cursors stay where
/// they are). A block whose bound cannot raise the floor is not read.
template <class Cursor, class Open, class Sink>
Status raise_best_block_floor(const std::vector<BoundedTerm<Cursor>>& terms, Open&& open,
                              Sink& run) {
  const std::size_t k = run.wanted();
  if (k == 0 || k > kBestBlockFloorUpTo || !run.may_raise_floor()) return {};
  std::vector<double> scores;
  double floor = run.threshold();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto& blocks = terms[i].blocks;
    if (blocks.empty()) continue;
    const auto best = std::max_element(
        blocks.begin(), blocks.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best->second <= floor) continue;  // none of its documents could raise it
    const DocId first = best == blocks.begin() ? 0 : std::prev(best)->first + 1;
    auto cursor = open(i);
    cursor->advance(first);
    scores.clear();
    score_through(*cursor, best->first, [&](DocId doc, double score) {
      if (run.live(doc)) scores.push_back(score);
    });
    TRAWL_RETURN_IF_ERROR(cursor->status());
    if (scores.size() < k) continue;
    const auto kth = scores.begin() + static_cast<std::ptrdiff_t>(k - 1);
    std::nth_element(scores.begin(), kth, scores.end(), std::greater<>());
    floor = std::max(floor, *kth);
  }
  if (floor > run.threshold()) run.raise_floor(floor);
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BEST_BLOCK_FLOOR_H_
