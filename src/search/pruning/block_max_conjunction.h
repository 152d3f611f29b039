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
// (no other list is touched); otherwise the others are moved to the document (leapfrogging on
// a miss). Matches are scored in query order, as the exhaustive conjunction sums them, so both
// give identical hits. `terms` are in query order, every word of the query present.
template <class Cursor, class Sink>
Status block_max_conjunction(std::vector<BoundedTerm<Cursor>> terms, Sink& run) {
  std::size_t lead = 0;
  for (std::size_t i = 1; i < terms.size(); ++i) {
    if (terms[i].cost < terms[lead].cost) lead = i;
  }
  auto& leader = *terms[lead].cursor;
  // The words' summed bound holds up to `end`, where one of their ranges ends: it is summed
  // again only past it.
  double bound = 0;
  DocId end = 0;
  bool have_bound = false;
  for (DocId doc = leader.doc(); doc != kTerminated && !run.expired(); doc = leader.doc()) {
    if (!have_bound || doc > end) {
      bound = 0;
      end = kTerminated - 1;
      for (auto& term : terms) {
        bound += term.bound_at(doc);
        end = std::min(end, term.bound_end());
      }
      have_bound = true;
    }
    if (bound <= run.threshold()) {
      leader.advance(end + 1);
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
      for (auto& term : terms) score += term.cursor->score();
      if (score > run.threshold()) run.offer(score, doc);  // equal loses to every kept hit
    }
    leader.next();
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
