#ifndef TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
#define TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_

#include <algorithm>
#include <cstddef>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "search/scorers/score_through.h"
#include "trawl/status.h"

namespace trawl::search_internal {

// Block-max conjunction: the rarest word leads. The documents are cut into ranges over which
// every word's block bound holds; a range whose summed bound cannot beat the threshold is
// passed over (no list is touched). In the others, the lead's documents are scored a decoded
// block at a time (score_through: one BM25 loop, AVX2 where the processor has it), and a lead
// document whose score with the other words' bounds cannot beat the threshold is passed over
// without moving another list (as Lucene's block-max conjunction does, one document at a
// time); otherwise the others are moved to it. A word whose next document lies past the range
// makes the lead leap to it. Matches are scored in query order, as the exhaustive conjunction
// sums them, so both give identical hits. `terms` are in query order, every word of the query
// present.
template <class Cursor, class Sink>
Status block_max_conjunction(std::vector<BoundedTerm<Cursor>> terms, Sink& run) {
  std::size_t lead = 0;
  for (std::size_t i = 1; i < terms.size(); ++i) {
    if (terms[i].cost < terms[lead].cost) lead = i;
  }
  auto& leader = *terms[lead].cursor;
  bool stop = false;
  for (DocId doc = leader.doc(); doc != kTerminated && !stop; doc = leader.doc()) {
    double bound = 0, others = 0;  // all the words' bounds, and all but the lead's
    DocId end = kTerminated - 1;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const double term_bound = terms[i].bound_at(doc);
      bound += term_bound;
      if (i != lead) others += term_bound;
      end = std::min(end, terms[i].bound_end());
    }
    if (bound <= run.threshold()) {
      leader.advance(end + 1);
      continue;
    }
    DocId beyond = doc;  // the furthest document another word was found on
    score_through(leader, end, [&](DocId d, double lead_score) {
      if (stop || d < beyond) return;
      if (run.expired()) {
        stop = true;
        return;
      }
      // Only once the threshold is up: before, every match is kept.
      const double threshold = run.threshold();
      if (threshold > 0 && lead_score + others <= threshold) return;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        if (i == lead) continue;
        auto& cursor = *terms[i].cursor;
        cursor.advance(d);
        if (cursor.doc() != d) {
          beyond = cursor.doc();
          stop = beyond == kTerminated;  // no match is left
          return;
        }
      }
      if (!run.live(d)) return;
      run.count();
      double score = 0;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        score += i == lead ? lead_score : terms[i].cursor->score();
      }
      if (score > run.threshold()) run.offer(score, d);  // equal loses to every kept hit
    });
    if (beyond > leader.doc() && !stop) leader.advance(beyond);
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
