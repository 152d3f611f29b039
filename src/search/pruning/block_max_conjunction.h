#ifndef TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
#define TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_

#include <algorithm>
#include <cstddef>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "trawl/status.h"

namespace trawl::search_internal {

// Block-max conjunction: the rarest word leads; at each of its documents, if the words' bounds
// for the blocks there cannot beat the threshold, the lead jumps past the nearest block end
// (no other list is touched); if the lead's own score with the others' bounds cannot either,
// it steps to its next document (as Lucene's block-max conjunction does); otherwise the others
// are moved to the document (leapfrogging on a miss). Matches are scored in query order, as
// the exhaustive conjunction sums them, so both give identical hits. `terms` are in query
// order, every word of the query present.
template <class Cursor, class Sink>
Status block_max_conjunction(std::vector<BoundedTerm<Cursor>> terms, Sink& run) {
  std::size_t lead = 0;
  for (std::size_t i = 1; i < terms.size(); ++i) {
    if (terms[i].cost < terms[lead].cost) lead = i;
  }
  auto& leader = *terms[lead].cursor;
  // The words' summed bound holds up to `end`, where one of their ranges ends: it is summed
  // again only past it.
  double bound = 0, others = 0;  // all the words' bounds, and all but the lead's
  DocId end = 0;
  bool have_bound = false;
  for (DocId doc = leader.doc(); doc != kTerminated && !run.expired(); doc = leader.doc()) {
    if (!have_bound || doc > end) {
      bound = others = 0;
      end = kTerminated - 1;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        const double term_bound = terms[i].bound_at(doc);
        bound += term_bound;
        if (i != lead) others += term_bound;
        end = std::min(end, terms[i].bound_end());
      }
      have_bound = true;
    }
    if (bound <= run.threshold()) {
      leader.advance(end + 1);
      continue;
    }
    // Only once the threshold is up: before, every match is kept and the lead's score would be
    // computed for nothing (the check costs a score; moving the others, a skip per word).
    const bool full = run.threshold() > 0;
    const double lead_score = full ? leader.score() : 0;
    if (full && lead_score + others <= run.threshold()) {
      leader.next();
      continue;
    }
    DocId next = doc;
    for (std::size_t i = 0; i < terms.size() && next == doc; ++i) {
      if (i == lead) continue;
      terms[i].cursor->advance(doc);
      next = terms[i].cursor->doc();
    }
    if (next != doc) {
      leader.advance(next);
      continue;
    }
    if (run.live(doc)) {
      run.count();
      double score = 0;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        score += i == lead && full ? lead_score : terms[i].cursor->score();
      }
      if (score > run.threshold()) run.offer(score, doc);  // equal loses to every kept hit
    }
    leader.next();
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
