#ifndef TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_H_
#define TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_H_

#include <algorithm>
#include <cstddef>
#include <vector>

#include "search/pruning/bound_order.h"
#include "search/pruning/bounded_term.h"
#include "trawl/status.h"

namespace trawl::search_internal {

// MaxScore of one word: a walk of its ranges, each passed over when its bound cannot beat the
// threshold (a word held by several fields; one held by one field goes block by block,
// term_blocks.h). The score is the one word's, as the general form sums it from zero.
template <class Cursor, class Sink>
Status max_score_one(BoundedTerm<Cursor> term, Sink& run) {
  auto& cursor = *term.cursor;
  for (DocId doc = cursor.doc(); doc != kTerminated && !run.expired(); doc = cursor.doc()) {
    if (term.bound_at(doc) <= run.threshold()) {
      cursor.advance(term.bound_end() + 1);
      continue;
    }
    if (run.live(doc)) {
      run.count();
      const double score = cursor.score();
      if (score > run.threshold()) run.offer(score, doc);
    }
    cursor.next();
  }
  return cursor.status();
}

// Block-max MaxScore over a bag of words in one segment (Turtle & Flood 1995; Ding & Suel
// 2011; Chakrabarti et al. 2011). Terms are ordered by their segment-wide score bound; those
// whose bounds, summed with all smaller ones, cannot beat the current threshold are
// "non-essential": they never start a candidate. For a document an essential term brought up,
// the non-essential terms' bounds for the postings block holding it (from the skip entries,
// without decoding) are tried first; only if they leave hope are the terms probed, largest
// bound first, until the document provably cannot make the top k. `query_terms` is the number of
// the query's terms (`order` ranges over it). Scores are summed in query
// order, exactly as exhaustive evaluation sums them, so both paths give identical hits.
template <class Cursor, class Sink>
Status max_score(std::vector<BoundedTerm<Cursor>> terms, std::size_t query_terms, Sink& run) {
  if (terms.size() == 1) return max_score_one(std::move(terms[0]), run);
  const std::size_t n = terms.size();
  BoundOrder order(terms);
  const std::vector<double>& prefix = order.prefix;
  std::size_t& essential = order.essential;
  std::vector<double> contribution(query_terms);
  std::vector<char> present(query_terms, 0);
  std::vector<double> block_prefix(n);
  auto update_essential = [&] { order.update(run.threshold()); };
  update_essential();
  while (essential < n && !run.expired()) {
    DocId doc = kTerminated;
    for (std::size_t i = essential; i < n; ++i) doc = std::min(doc, terms[i].cursor->doc());
    if (doc == kTerminated) break;
    // Under a filter, the essential terms leapfrog to its next document.
    if (const DocId allowed = run.next_allowed(doc); allowed != doc) {
      for (std::size_t i = essential; i < n; ++i) terms[i].cursor->advance(allowed);
      continue;
    }
    // Block-max skip: while the essential terms stay in their current blocks, no document can
    // score more than their block bounds plus every non-essential bound; if that cannot beat
    // the threshold, the essential terms jump past the nearest block end.
    {
      double bound = essential > 0 ? prefix[essential - 1] : 0.0;
      DocId end = kTerminated - 1;
      for (std::size_t i = essential; i < n; ++i) {
        bound += terms[i].bound_at(doc);
        end = std::min(end, terms[i].bound_end());
      }
      if (bound <= run.threshold()) {
        for (std::size_t i = essential; i < n; ++i) terms[i].cursor->advance(end + 1);
        continue;
      }
    }
    const bool live = run.live(doc);
    double partial = 0;
    bool hopeless = false;
    if (live) {
      for (std::size_t i = 0; i < n; ++i) present[terms[i].order] = 0;  // no call per candidate
      for (std::size_t i = essential; i < n; ++i) {
        if (terms[i].cursor->doc() != doc) continue;
        const double score = terms[i].cursor->score();
        contribution[terms[i].order] = score;
        present[terms[i].order] = 1;
        partial += score;
      }
      const double threshold = run.threshold();
      // Block bounds of the non-essential terms at this document, summed from the smallest.
      double block_sum = 0;
      for (std::size_t i = 0; i < essential; ++i) {
        block_sum += terms[i].bound_at(doc);
        block_prefix[i] = block_sum;
      }
      for (std::size_t i = essential; i-- > 0;) {
        if (partial + std::min(prefix[i], block_prefix[i]) <= threshold) {
          hopeless = true;
          break;
        }
        terms[i].cursor->advance(doc);
        if (terms[i].cursor->doc() != doc) continue;
        const double score = terms[i].cursor->score();
        contribution[terms[i].order] = score;
        present[terms[i].order] = 1;
        partial += score;
      }
    }
    for (std::size_t i = essential; i < n; ++i) {
      if (terms[i].cursor->doc() == doc) terms[i].cursor->next();
    }
    if (!live) continue;
    run.count();
    if (hopeless) continue;
    double score = 0;
    for (std::size_t t = 0; t < query_terms; ++t) {
      if (present[t]) score += contribution[t];
    }
    if (score > run.threshold()) run.offer(score, doc);  // equal loses to every kept hit
    update_essential();
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_H_
