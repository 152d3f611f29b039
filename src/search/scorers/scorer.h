// Scorer: the document-at-a-time cursor over one segment that every query kind's evaluation
// is made of (Lucene's Scorer, PISA's cursor). Exhaustive evaluation walks it match by match;
// the pruning algorithms (src/search/pruning/) move several of them by their score bounds.
//
// A Scorer is positioned on a matching document (or kTerminated) and only moves forward.
#ifndef TRAWL_SRC_SEARCH_SCORERS_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_SCORER_H_

#include <memory>

#include "trawl/index/postings.h"
#include "trawl/status.h"
#include "trawl/types.h"

namespace trawl::search_internal {

class Scorer {
 public:
  virtual ~Scorer() = default;
  /// The current matching document, or kTerminated.
  virtual DocId doc() const noexcept = 0;
  /// Moves to the first matching document >= target (no-op if already there).
  virtual void advance(DocId target) = 0;
  /// The current document's score. REQUIRES: doc() != kTerminated.
  virtual double score() = 0;
  /// OK, or the first corruption met in the postings.
  virtual Status status() const = 0;

  void next() { advance(doc() + 1); }
};

using ScorerPtr = std::unique_ptr<Scorer>;

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_SCORER_H_
