// The scorer of a precomputed, ascending list of documents with one constant score (what a
// range query found in a segment's sorted values), and the step such lists move by.
#ifndef TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_

#include <cstddef>
#include <vector>

#include "search/scorers/scorer.h"

namespace trawl::search_internal {

/// REQUIRES: `docs` ascending, without repeats.
ScorerPtr make_doc_list_scorer(std::vector<DocId> docs, double score);

/// The place of the first of `docs` (ascending) from `at` on that is >= `target`: the next
/// one at once, farther ones by galloping.
std::size_t gallop(const std::vector<DocId>& docs, std::size_t at, DocId target);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_DOC_LIST_SCORER_H_
