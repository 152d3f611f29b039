// The query syntax users know from Lucene-style engines:
//
//   word              a word in the default field(s)          field:word    a field's word
//   "a phrase"        words in order                          "a phrase"~3  within 3 moves
//   prefix*           words starting with prefix              word^2.5      boosted
//   +must -not        required and prohibited clauses         ( ... )       grouping
//   a AND b, a OR b, NOT a                                    *:*           every document
//
// Unmarked clauses are joined by the default operator (OR unless told AND). The words of a
// clause go through the field's analyzer, so "Peace Talks" finds what indexing made of them.
// Operators combine as in Lucene's classic parser: AND makes both neighbours required, NOT and
// '-' prohibit. `\` escapes a special character.
//
// A malformed query is InvalidArgument naming the position (0-based, in bytes) and what was
// expected, e.g. "query: at 12: expected '\"' to close the phrase opened at 3". plain_text_query
// never fails: every word of the input, punctuation and operators included, is just a word.
//
// Thread-safety: free functions; safe from any thread.
#ifndef TRAWL_SEARCH_QUERY_PARSER_H_
#define TRAWL_SEARCH_QUERY_PARSER_H_

#include <string>
#include <string_view>

#include "trawl/export.h"
#include "trawl/result.h"
#include "trawl/search/query.h"

namespace trawl {

struct QueryParserOptions {
  /// The field of words without "field:". Default: "" (every text field, as one text).
  std::string default_field;
  /// How unmarked clauses combine. Default: kOr.
  enum class Operator { kOr, kAnd } default_operator = Operator::kOr;
  /// Deepest nesting of parentheses accepted. Default: 64.
  std::size_t max_depth = 64;
};

/// Parses `text` in the syntax above.
TRAWL_EXPORT Result<Query> parse_query(std::string_view text,
                                       const QueryParserOptions& options = {});

/// Every word of `text` OR-ed in `field` ("" = all text fields): the bag of words that IR
/// evaluations run.
TRAWL_EXPORT Query plain_text_query(std::string_view text, const std::string& field = "");

}  // namespace trawl

#endif  // TRAWL_SEARCH_QUERY_PARSER_H_
