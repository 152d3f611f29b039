// Scorers made of other scorers (how booleans evaluate), and the trivial ones: every document,
// none.
#ifndef TRAWL_SRC_SEARCH_SCORERS_COMBINED_SCORERS_H_
#define TRAWL_SRC_SEARCH_SCORERS_COMBINED_SCORERS_H_

#include <cstddef>
#include <vector>

#include "search/scorers/scorer.h"

namespace trawl::search_internal {

/// Every document 0..doc_count-1 with a constant score.
ScorerPtr make_match_all_scorer(DocId doc_count, double score);

/// From this many children on, a disjunction keeps them in a heap instead of scanning them.
inline constexpr std::size_t kHeapDisjunctionFrom = 16;
/// Documents matching at least `min_match` (>= 1) of `children`; score = sum of those matching,
/// in child order. Scans the children for few of them, keeps a heap for many.
ScorerPtr make_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
/// The two ways, for the test that they agree.
ScorerPtr make_scan_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
ScorerPtr make_heap_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
/// Documents matching all `children`; score = sum. `scoring[i]` false: child i only filters.
ScorerPtr make_conjunction(std::vector<ScorerPtr> children, std::vector<bool> scoring);
/// `required`'s documents, plus the score of `optional` where it also matches.
ScorerPtr make_required_optional(ScorerPtr required, ScorerPtr optional);
/// `required`'s documents that `excluded` does not match.
ScorerPtr make_exclusion(ScorerPtr required, ScorerPtr excluded);
/// A scorer that matches nothing and reports `status` (a failure met while building).
ScorerPtr make_failed_scorer(Status status);
/// `inner`'s documents with its score multiplied by `factor`.
ScorerPtr make_boosted(ScorerPtr inner, double factor);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_COMBINED_SCORERS_H_
