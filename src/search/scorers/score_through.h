// score_through: every posting of a scorer over a range of documents, for the loops that read
// them all (a window of MaxScore's essential words, a window of a disjunction). A scorer that
// can score a run of its postings at once (FieldTermScorer: a decoded block through one BM25
// loop) does; any other is read a document at a time.
#ifndef TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_
#define TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_

#include "trawl/index/postings.h"

namespace trawl::search_internal {

/// Calls fn(doc, score) for each document of `scorer` from its current one through `last`, in
/// order, and leaves it on the first document after `last`.
template <class Scorer, class Fn>
void score_through(Scorer& scorer, DocId last, Fn&& fn) {
  if constexpr (requires { scorer.score_through(last, fn); }) {
    scorer.score_through(last, fn);
  } else {
    for (DocId doc = scorer.doc(); doc <= last; scorer.next(), doc = scorer.doc()) {
      fn(doc, scorer.score());
    }
  }
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_
