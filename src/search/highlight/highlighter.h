// Highlighting: the best passage of a stored text for a query's words and phrases, with what
// matched marked. The compiled query says what it looks for in the field (Highlight items,
// from Weight::highlights); this file finds the occurrences in the re-analysed text, picks the
// passage and writes it.
#ifndef TRAWL_SRC_SEARCH_HIGHLIGHT_HIGHLIGHTER_H_
#define TRAWL_SRC_SEARCH_HIGHLIGHT_HIGHLIGHTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "search/scorers/phrase_scorer.h"
#include "trawl/analysis/analyzer.h"
#include "trawl/result.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

/// A word (one term) or a phrase (several, with their shape) the query matches in a field, and
/// its weight (boost times idf): passages are chosen by the weight they show.
struct Highlight {
  std::vector<std::string> terms;
  PhraseShape shape;  // for phrases
  double weight = 0;
};

/// The passage of `text` (at most options.max_bytes, not counting markers and escapes) that
/// shows the most weight of distinct items, each occurrence marked as one span (a phrase's
/// words and what lies between them together). Snippet::weight is what the passage shows, 0
/// when nothing matched (then the passage is the text's start). Always valid UTF-8.
Result<Snippet> highlight(std::string_view text, const Analyzer& analyzer,
                          const std::vector<Highlight>& items, const SnippetOptions& options);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_HIGHLIGHT_HIGHLIGHTER_H_
