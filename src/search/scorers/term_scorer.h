// The scorer of one term over one or several fields scored as one text (BM25, tf summed with
// the field weights).
#ifndef TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_

#include <memory>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/scorer.h"
#include "search/similarity/bm25.h"
#include "trawl/index/postings.h"

namespace trawl::search_internal {

/// Documents containing the term in any of bm25.fields. `cursors` aligned with bm25.fields
/// (null where the segment lacks the term).
ScorerPtr make_term_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                           std::vector<std::unique_ptr<PostingsCursor>> cursors);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_
