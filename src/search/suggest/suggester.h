// The spelling suggester behind Searcher::suggest ("did you mean"): each word of a query's
// term, phrase and fuzzy clauses is looked up, and a missing or rare one is replaced by the
// best word written in the index within its edits, found by walking the dictionaries' terms
// and surfaces with an edit automaton (search/fuzzy/).
#ifndef TRAWL_SRC_SEARCH_SUGGEST_SUGGESTER_H_
#define TRAWL_SRC_SEARCH_SUGGEST_SUGGESTER_H_

#include <functional>
#include <optional>

#include "search/searcher_state.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

/// Whether a query matches a document of the snapshot (a phrase's corrections are chosen so).
using Occurs = std::function<Result<bool>(const Query&)>;

/// Searcher::suggest over `state`, for a query whose depth the caller has checked.
Result<std::optional<Suggestion>> suggest(const SearcherState& state, const Query& query,
                                          const SuggestOptions& options, const Occurs& occurs);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SUGGEST_SUGGESTER_H_
