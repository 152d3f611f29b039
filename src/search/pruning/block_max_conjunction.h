#ifndef TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
#define TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_

#include <algorithm>
#include <cstddef>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "search/scorers/score_through.h"
#include "trawl/status.h"
#include "util/gallop.h"

namespace trawl::search_internal {

// Block-max conjunction: the rarest word leads. The documents are cut into ranges over which
// every word's block bound holds; a range whose summed bound cannot beat the threshold is
// passed over (no list is touched). In the others, the lead's documents are scored a decoded
// block at a time (score_spans: one BM25 loop, AVX2 where the processor has it), and a lead
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
  // The others are moved to a lead's document rarest first: the likeliest to lack it.
  std::vector<std::size_t> probes;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i != lead) probes.push_back(i);
  }
  std::stable_sort(probes.begin(), probes.end(),
                   [&](std::size_t a, std::size_t b) { return terms[a].cost < terms[b].cost; });
  auto& leader = *terms[lead].cursor;
  bool stop = false;
  for (DocId doc = leader.doc(); doc != kTerminated && !stop; doc = leader.doc()) {
    double bound = 0, others = 0;  // all the words' bounds, and all but the lead's
    DocId end = kTerminated - 1;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      DocId term_end = 0;
      const double term_bound = range_bound(terms[i], doc, term_end);
      bound += term_bound;
      if (i != lead) others += term_bound;
      end = std::min(end, term_end);
    }
    if (bound <= run.threshold()) {
      leader.advance(end + 1);
      continue;
    }
    DocId beyond = doc;  // the furthest document another word was found on
    score_spans(leader, end, [&](const DocId* docs, const double* scores, std::uint32_t n) {
      if (run.expired()) {
        stop = true;
        return false;
      }
      std::uint32_t i = 0;
      while (true) {
        // The lead's documents another word lacks, then those that cannot beat the threshold
        // with the others' bounds (only once it is up: before, every match is kept), are
        // passed over in the run, without a call or a move of another list.
        if (docs[n - 1] < beyond) return true;
        if (docs[i] < beyond) {
          i = static_cast<std::uint32_t>(util::gallop_lower_bound(docs + i, docs + n, beyond) -
                                         docs);
        }
        const double threshold = run.threshold();
        if (threshold > 0) {
          while (i < n && scores[i] + others <= threshold) ++i;
          if (i == n) return true;
        }
        const DocId d = docs[i];
        const double lead_score = scores[i++];
        bool all = true;
        for (const std::size_t t : probes) {
          auto& cursor = *terms[t].cursor;
          cursor.advance(d);
          if (cursor.doc() != d) {
            beyond = cursor.doc();
            all = false;
            break;
          }
        }
        if (!all) {
          stop = beyond == kTerminated;  // no match is left
          if (stop || beyond > end) return false;
        } else if (run.live(d)) {
          run.count();
          double score = 0;
          for (std::size_t t = 0; t < terms.size(); ++t) {
            score += t == lead ? lead_score : terms[t].cursor->score();
          }
          if (score > run.threshold()) run.offer(score, d);  // equal loses to every kept hit
        }
        if (i == n) return true;
      }
    });
    if (beyond > leader.doc() && !stop) leader.advance(beyond);
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BLOCK_MAX_CONJUNCTION_H_
