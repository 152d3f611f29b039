// score_through: every posting of a scorer over a range of documents, for the loops that read
// them all (a window of MaxScore's essential words, a window of a disjunction). A scorer that
// can score a run of its postings at once (FieldTermScorer: a decoded block through one BM25
// loop) does; any other is read a document at a time. score_spans hands the decoded runs
// themselves to loops that pass over most documents on their own (a conjunction's lead), so
// that they do so without a call per document.
#ifndef TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_
#define TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_

#include <cstdint>

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

/// Calls fn(docs, scores, n) for runs of the documents of `scorer` from its current one through
/// `last`, in order, with n >= 1 and their scores, and leaves it on the first document after
/// `last`, unless fn returns false: then it stays on the run's first document.
template <class Scorer, class Fn>
void score_spans(Scorer& scorer, DocId last, Fn&& fn) {
  if constexpr (requires { scorer.score_spans(last, fn); }) {
    scorer.score_spans(last, fn);
  } else {
    for (DocId doc = scorer.doc(); doc <= last; scorer.next(), doc = scorer.doc()) {
      const double score = scorer.score();
      if (!fn(&doc, &score, std::uint32_t{1})) return;
    }
  }
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_SCORE_THROUGH_H_
