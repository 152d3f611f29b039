// The scorer of a precomputed, ascending list of documents with one constant score (what a
// range query found in a segment's sorted values).
#ifndef TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_

#include <vector>

#include "search/scorers/scorer.h"

namespace trawl::search_internal {

/// REQUIRES: `docs` ascending, without repeats.
ScorerPtr make_doc_list_scorer(std::vector<DocId> docs, double score);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_
