// The rules of Fuzziness (trawl/search/searcher.h) that fuzzy words and spelling suggestions
// share: their validation, and the edits a word gets by its length.
#ifndef TRAWL_SRC_SEARCH_FUZZY_FUZZINESS_H_
#define TRAWL_SRC_SEARCH_FUZZY_FUZZINESS_H_

#include <cstdint>
#include <string_view>

#include "trawl/search/searcher.h"
#include "trawl/status.h"

namespace trawl::search_internal {

/// InvalidArgument naming the rule that `rules` break.
Status check_fuzziness(const Fuzziness& rules);
/// The same for the rules of edits by length alone (one_edit_from, two_edits_from).
Status check_edits_by_length(const Fuzziness& rules);

/// The edits `word` gets by its length in code points: none with a digit.
std::uint32_t edits_by_length(const Fuzziness& rules, std::string_view word);

/// The first `n` code points of `word`, as bytes.
std::string_view first_code_points(std::string_view word, std::uint32_t n);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_FUZZY_FUZZINESS_H_
