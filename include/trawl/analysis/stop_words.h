// StopWords: a set of terms too common to be worth indexing ("the", "and", "и"), and the
// filter that removes them from a token stream.
//
// Lists are compared with normalised terms, so every word is normalised (NFKC_Casefold) when a
// set is built: a list may say "The" and still remove "the". The Snowball project's lists for
// 16 languages are compiled into the library (see src/analysis/stopwords/README.md).
//
// Thread-safety: a StopWords set is immutable and cheap to copy (shared); use it from any
// number of threads.
#ifndef TRAWL_ANALYSIS_STOP_WORDS_H_
#define TRAWL_ANALYSIS_STOP_WORDS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/analysis/token_filter.h"
#include "trawl/export.h"
#include "trawl/result.h"

namespace trawl {

class TRAWL_EXPORT StopWords {
 public:
  /// An empty set.
  StopWords();

  /// The published list for `language` (name or ISO code). Returns InvalidArgument for an
  /// unknown language and NotFound for a known language that has no list.
  static Result<StopWords> for_language(std::string_view language);

  /// A set of the given words, each normalised. Empty strings are ignored.
  static Result<StopWords> from_words(const std::vector<std::string>& words);

  /// A set read from a list in Snowball's format: one word at the start of a line, `|` starts
  /// a comment to the end of the line.
  static Result<StopWords> parse(std::string_view snowball_list);

  /// True if `term` (already normalised) is in the set. O(1) expected.
  bool contains(std::string_view term) const noexcept;
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }

 private:
  struct Set;
  explicit StopWords(std::shared_ptr<const Set> set);
  std::shared_ptr<const Set> set_;
};

/// A filter that drops every token whose term is in `words`. Expects normalised terms.
TRAWL_EXPORT std::unique_ptr<TokenFilter> make_stop_filter(StopWords words);

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_STOP_WORDS_H_
