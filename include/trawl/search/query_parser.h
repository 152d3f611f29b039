// The query syntax users know from Lucene-style engines:
//
//   word              a word in the default field(s)          field:word    a field's word
//   "a phrase"        words in order                          "a phrase"~3  within 3 moves
//   prefix*           words starting with prefix              word^2.5      boosted
//   "new yor"*        a phrase whose last word is a prefix (search as you type)
//   te?t  Mos*w  *cow  wildcards: '?' any one character, '*' any run (Query::wildcard)
//   word~             the word and its misspellings, the edits by its length (Fuzziness);
//   word~1, word~2    within 1 or 2 edits (Query::fuzzy). "a phrase"~3 stays a phrase's slop
//   +must -not        required and prohibited clauses         ( ... )       grouping
//   a AND b, a OR b, NOT a                                    *:*           every document
//   field:(a OR b)    a group whose words are in field
//   year:[2019 TO 2024]  a range, bounds included    year:{2019 TO 2024]  lower bound excluded
//   year:[2020 TO *]  open above                      year:>=2020, year:>2020, year:<2000,
//   published:[2025-01-01 TO 2025-03-31]              year:<=1999  comparisons
//   published:>=2025-02-14T12:00:00Z                 a date-time bound (no escaping needed)
//
// Unmarked clauses are joined by the default operator (OR unless told AND). The words of a
// clause go through the field's analyzer, so "Peace Talks" finds what indexing made of them.
// Operators combine as in Lucene's classic parser: AND makes both neighbours required, NOT and
// '-' prohibit. `\` escapes a special character.
//
// A malformed query is InvalidArgument naming the position (0-based, in bytes) and what was
// expected, e.g. "query: at 12: expected '\"' to close the phrase opened at 3". Given the index's
// schema (QueryParserOptions::schema), a range on an unknown or non-numeric field and a bound
// that is not a number (numeric fields) or a date (date fields) are positioned errors too;
// without it they are found when the query is searched. plain_text_query never fails: every
// word of the input, punctuation and operators included, is just a word.
//
// Thread-safety: free functions; safe from any thread.
#ifndef TRAWL_SEARCH_QUERY_PARSER_H_
#define TRAWL_SEARCH_QUERY_PARSER_H_

#include <string>
#include <string_view>

#include "trawl/export.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/search/query.h"

namespace trawl {

struct QueryParserOptions {
  /// The field of words without "field:". Default: "" (every text field, as one text).
  std::string default_field;
  /// How unmarked clauses combine. Default: kOr.
  enum class Operator { kOr, kAnd } default_operator = Operator::kOr;
  /// Search as you type: the query's last word, when it ends the text and is a plain word
  /// (not quoted, a prefix, a wildcard or fuzzy), is a phrase prefix of one word
  /// (Query::phrase_prefix), so "boundary lay" finds "boundary layers" while the user is still
  /// typing: the word's most frequent completions, at most SearchOptions::
  /// max_phrase_prefix_terms (50, as Elasticsearch's match_bool_prefix; a prefix query would
  /// take up to 1,024, whose scoring a search box does not wait for). Default: false.
  bool prefix_last = false;
  /// Deepest nesting of parentheses accepted. Default: 64.
  std::size_t max_depth = 64;
  /// The schema of the index the query is for, or null. With it, ranges and the values of
  /// numeric and date fields are checked against their fields' types, and a date-time value
  /// ("published:2025-02-14T12:00:00Z") needs no escaping. Not owned. Default: null.
  const Schema* schema = nullptr;
};

/// Parses `text` in the syntax above.
TRAWL_EXPORT Result<Query> parse_query(std::string_view text,
                                       const QueryParserOptions& options = {});

/// Every word of `text` OR-ed in `field` ("" = all text fields): the bag of words that IR
/// evaluations run. With `prefix_last`, the last word (the last run of non-space characters,
/// without the punctuation around it) is a phrase prefix of one word instead, as
/// QueryParserOptions::prefix_last makes it: search as you type.
TRAWL_EXPORT Query plain_text_query(std::string_view text, const std::string& field = "",
                                    bool prefix_last = false);

}  // namespace trawl

#endif  // TRAWL_SEARCH_QUERY_PARSER_H_
