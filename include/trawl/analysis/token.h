// Token: one word of analysed text, as the analysis pipeline hands it to the indexer.
//
// A Token is produced by a Tokenizer (term = the word's surface form) and then transformed in
// place by each TokenFilter (normalised, stemmed, ...). Byte offsets always point into the
// original UTF-8 text, whatever the filters did to the term, so a match can be highlighted.
//
// Thread-safety: a value type.
#ifndef TRAWL_ANALYSIS_TOKEN_H_
#define TRAWL_ANALYSIS_TOKEN_H_

#include <cstdint>
#include <string>

#include "trawl/types.h"

namespace trawl {

struct Token {
  /// The term in UTF-8: the surface form after the tokenizer, the index term after the filters.
  std::string term;
  /// The token's ordinal in the text (0, 1, 2, ...). Filters that drop tokens leave gaps.
  Position position = 0;
  /// The token's bytes in the original text are [byte_begin, byte_end).
  std::uint32_t byte_begin = 0;
  std::uint32_t byte_end = 0;

  friend bool operator==(const Token& a, const Token& b) {
    return a.term == b.term && a.position == b.position && a.byte_begin == b.byte_begin &&
           a.byte_end == b.byte_end;
  }
  friend bool operator!=(const Token& a, const Token& b) { return !(a == b); }
};

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKEN_H_
