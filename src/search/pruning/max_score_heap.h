#ifndef TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_HEAP_H_
#define TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_HEAP_H_

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "search/pruning/bound_order.h"
#include "search/pruning/bounded_term.h"
#include "trawl/status.h"

namespace trawl::search_internal {

// Bags of at least this many words present in a segment are pruned by max_score_heap(); below,
// max_score()'s scan with its block-max skip is faster (measured on the English benchmark
// corpus, medians of 100 random bags: 8 words 0.30 vs 0.35 ms, 16 words 1.0 vs 0.76 ms).
constexpr std::size_t kHeapMaxScoreFrom = 16;

// MaxScore for long bags (kHeapMaxScoreFrom words or more). max_score() scans every essential
// term per candidate (the smallest document, the block bounds, the contributions) and sums the
// non-essential block bounds, so a bag of thousands of words cost thousands of steps per
// document. Here the essential terms wait in a min-heap of (document, term), so a candidate
// costs O(log n) per term on it; non-essential terms are probed, largest bound first, only while
// their segment-wide bounds leave hope. The block-max skip is left out: it needs every
// essential term's block bound at each document. Entries carry the document they were pushed
// at, so a term that became non-essential (and is then moved by probing) can stay in the heap
// until it surfaces, and is dropped then. Scores are summed in query order, as exhaustive
// evaluation sums them, so the hits are the same.
template <class Cursor, class Sink>
Status max_score_heap(std::vector<BoundedTerm<Cursor>> terms, Sink& run) {
  const std::size_t n = terms.size();
  BoundOrder order(terms);
  const std::vector<double>& prefix = order.prefix;
  const std::size_t& essential = order.essential;
  auto update_essential = [&] { order.update(run.threshold()); };
  update_essential();

  using Entry = std::pair<DocId, std::size_t>;  // (document, term)
  std::vector<Entry> heap;
  const auto later = [](const Entry& a, const Entry& b) { return a > b; };
  for (std::size_t i = essential; i < n; ++i) {
    if (terms[i].cursor->doc() != kTerminated) heap.emplace_back(terms[i].cursor->doc(), i);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  std::vector<std::size_t> on_doc;                      // essential terms at the candidate
  std::vector<std::pair<std::size_t, double>> matched;  // (query order, score)
  while (!heap.empty() && !run.expired()) {
    const DocId doc = heap.front().first;
    on_doc.clear();
    while (!heap.empty() && heap.front().first == doc) {
      const std::size_t i = heap.front().second;
      std::pop_heap(heap.begin(), heap.end(), later);
      heap.pop_back();
      if (i >= essential) on_doc.push_back(i);  // else it left the essential terms: dropped
    }
    if (on_doc.empty()) continue;
    const bool live = run.live(doc);
    bool hopeless = false;
    matched.clear();
    if (live) {
      double partial = 0;
      for (const std::size_t i : on_doc) {
        const double score = terms[i].cursor->score();
        matched.emplace_back(terms[i].order, score);
        partial += score;
      }
      const double threshold = run.threshold();
      for (std::size_t i = essential; i-- > 0;) {
        if (partial + prefix[i] <= threshold) {
          hopeless = true;
          break;
        }
        terms[i].cursor->advance(doc);
        if (terms[i].cursor->doc() != doc) continue;
        const double score = terms[i].cursor->score();
        matched.emplace_back(terms[i].order, score);
        partial += score;
      }
    }
    for (const std::size_t i : on_doc) {
      terms[i].cursor->next();
      if (terms[i].cursor->doc() == kTerminated) continue;
      heap.emplace_back(terms[i].cursor->doc(), i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
    if (!live) continue;
    run.count();
    if (hopeless) continue;
    std::sort(matched.begin(), matched.end());
    double score = 0;
    for (const auto& [query_order, contribution] : matched) score += contribution;
    run.offer(score, doc);
    update_essential();
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_HEAP_H_
