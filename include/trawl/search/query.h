// Query: what to search for, as a tree of value-type nodes.
//
//   term      words in one field, or in all text fields when the field is empty; the text goes
//             through the field's analyzer, so "Peace Talks" matches what indexing made of
//             "peace talks"; several resulting terms are OR-ed (each weighted by how often it
//             occurs, like a bag of words). A word the analyzer gives colocated forms
//             (AnalyzerOptions::transliterate: "Moskva" is also москв and moskv) is one
//             term made of them: its occurrences in a field are the positions where any of
//             them stands, each position once, and its idf is that of its most frequent form
//   phrase    the analysed words at their relative positions (stop-word gaps kept), within
//             one field. With `slop` s, an occurrence places the words at distinct positions
//             whose shifted values (position minus the word's offset in the phrase) span at
//             most s: "peace talks"~1 finds "peace secret talks", ~2 also "talks peace".
//             Occurrences are counted by their smallest shifted value (with s = 0: the places
//             the exact phrase starts); a phrase of one word is a term. A word with colocated
//             forms stands where any of them does (its idf its most frequent form's); two
//             words need distinct positions only if they have the same forms
//   prefix    every index term of the field starting with the (normalised) prefix; past
//             SearchOptions::max_prefix_terms, the terms in most documents. Scored as one
//             word whose occurrences are those of all of them (a synonym: tf summed over the
//             terms and the group's weighted fields) and whose idf is the most frequent
//             term's (a blended df): the completions of what was typed are equally likely
//             meant, a rare one would otherwise outrank the common one ("lay*": layout over
//             layer), and a document with "layer" and "layers" has one word of the query
//             twice, not two words (Xapian's OP_SYNONYM, Lucene's SynonymQuery)
//   phrase_prefix  a phrase whose last analysed word is a prefix (its normalised form as
//             typed): the OR of the phrases ending in each term it expands to, at most
//             SearchOptions::max_phrase_prefix_terms of them (those in most documents), each
//             scored as a phrase. A phrase prefix of one word is a prefix
//   wildcard  every index term of the field matching the pattern: '?' any one character,
//             '*' any run ("te?t", "Mos*w", "*cow"); the literal characters are normalised
//             (case folded), and terms are what indexing made of words (stems, for a stemmed
//             field). Terms are read from the pattern's literal prefix on: a leading wildcard
//             reads every term of the field (SearchOptions::max_wildcard_scan bounds that).
//             Its terms are capped and scored as a prefix's are
//   fuzzy     each analysed word and the index terms within `max_edits` edits of it (the
//             optimal string alignment distance: inserting, deleting or substituting a
//             character or swapping two neighbours costs 1), sharing its first `prefix_length`
//             characters; kEditsByLength takes the edits from the word's length (see
//             Fuzziness in searcher.h). Each word is a bag of its expansions, scored by BM25
//             as Fuzziness documents: a document with the word itself outranks the same
//             document with a misspelling of it
//   boolean   clauses that must, should, must not match, or filter (must match, not scored);
//             with `min_should_match` (at least that many should clauses match; without must
//             or filter clauses at least one). A clause whose text analyses to no words (only
//             stop words) is ignored; one whose words no document has matches nothing
//   match_all every document, with a constant score
//   range     documents with a value of a numeric or date field between two bounds (each
//             inclusive, exclusive or open; any value of a multi-valued field), scored with a
//             constant (the boost); as a filter clause, not scored. Bounds are text: an integer
//             for numeric fields, a date (trawl/index/date.h) for date fields, where a bound of
//             a day, month or year covers all of it: [2025-01-01 TO 2025-03-31] ends with the
//             last millisecond of March 31, {2025 TO *] starts in 2026. Bounds the other way
//             round match nothing. A term query on a numeric or date field is the range of that
//             one value ("year:2020", "published:2025-02-14": that day)
//   decay     the matches of another query, each score multiplied by how near a numeric or date
//             field's value is to an origin: factor ^ (distance / scale), so a document `scale`
//             away keeps `factor` of its score, one twice as far factor^2 (exponential decay, as
//             Elasticsearch's "exp"). Of several values the nearest counts; a document without
//             one keeps its score (factor 1). For news: published, origin today, scale "7d",
//             factor 0.5 halves a week-old story's score. Scales of dates are durations: a
//             number and ms, s, m, h, d or w ("36h", "7d"); of numbers, a positive number
//
// Any node can carry a boost (a multiplier of its score). Queries are cheap to copy.
//
// Example:
//   using trawl::Query;
//   Query q = Query::boolean({{Query::Occur::kMust, Query::phrase("body", "peace talks")},
//                             {Query::Occur::kShould, Query::term("title", "geneva").boost(2)},
//                             {Query::Occur::kFilter, Query::term("lang", "en")},
//                             {Query::Occur::kFilter, Query::range("year", "2019", "2024")}});
//
// Thread-safety: a value type.
#ifndef TRAWL_SEARCH_QUERY_H_
#define TRAWL_SEARCH_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trawl/export.h"

namespace trawl {

class TRAWL_EXPORT Query {
 public:
  enum class Kind : std::uint8_t {
    kTerm,
    kPhrase,
    kPrefix,
    kBoolean,
    kMatchAll,
    kRange,
    kDecay,
    kFuzzy,
    kWildcard,
    kPhrasePrefix
  };
  enum class Occur : std::uint8_t { kMust, kShould, kMustNot, kFilter };
  struct Clause;

  /// Words of `text` in `field` ("" = every text field, scored as one concatenated text).
  static Query term(std::string field, std::string text);
  /// The words of `text` as a phrase in `field` ("" = any one text field).
  static Query phrase(std::string field, std::string text, std::uint32_t slop = 0);
  /// Terms of `field` ("" = every text field) that start with `prefix`, or whose words as
  /// written do (IndexReader::surfaces): "negotiat" finds "negotiators", term "negoti", and so
  /// every document with that term.
  static Query prefix(std::string field, std::string prefix);
  /// The words of `text` as a phrase whose last word is a prefix: "new yor" finds "new york"
  /// and "new yorker" (search as you type).
  static Query phrase_prefix(std::string field, std::string text, std::uint32_t slop = 0);
  /// Terms of `field` ("" = every text field) matching `pattern` whole, or whose words as
  /// written do: '?' is any one character, '*' any run of them (none included), the rest
  /// normalised as words are.
  static Query wildcard(std::string field, std::string pattern);
  /// fuzzy(): the edits taken from each word's length (Fuzziness::one_edit_from, ...).
  static constexpr std::uint32_t kEditsByLength = 0xFFFFFFFFu;
  /// The words of `text` in `field` ("" = every text field), each with the terms within
  /// `max_edits` (0, 1, 2 or kEditsByLength) edits whose first `prefix_length` characters
  /// are the word's own.
  static Query fuzzy(std::string field, std::string text, std::uint32_t max_edits = kEditsByLength,
                     std::uint32_t prefix_length = 0);
  static Query boolean(std::vector<Clause> clauses, std::uint32_t min_should_match = 0);
  static Query match_all();
  /// Values of `field` from `lower` to `upper` (std::nullopt: open), each bound included or not.
  static Query range(std::string field, std::optional<std::string> lower,
                     std::optional<std::string> upper, bool include_lower = true,
                     bool include_upper = true);
  /// `inner`, its scores decayed by the distance of `field`'s value from `origin` (a value of
  /// the field's type), `scale` (a duration for dates) and `factor` in (0, 1).
  static Query decay(Query inner, std::string field, std::string origin, std::string scale,
                     double factor = 0.5);

  // Copies are deep; destruction does not recurse, so any depth of nesting can be destroyed
  // (the Searcher refuses to evaluate more than 1,000 levels; the parser stops at 64).
  Query(const Query& other) = default;
  Query(Query&& other) noexcept = default;
  Query& operator=(const Query& other) = default;
  Query& operator=(Query&& other) noexcept = default;
  ~Query();

  /// Multiplies this node's score. REQUIRES: factor >= 0 and finite.
  Query& boost(float factor) & {
    boost_ = factor;
    return *this;
  }
  Query&& boost(float factor) && {
    boost_ = factor;
    return std::move(*this);
  }

  Kind kind() const noexcept { return kind_; }
  const std::string& field() const noexcept { return field_; }
  const std::string& text() const noexcept { return text_; }
  std::uint32_t slop() const noexcept { return slop_; }
  /// A fuzzy node's edits (or kEditsByLength) and exact prefix, in characters.
  std::uint32_t max_edits() const noexcept { return max_edits_; }
  std::uint32_t prefix_length() const noexcept { return prefix_length_; }
  float boost() const noexcept { return boost_; }
  const std::vector<Clause>& clauses() const noexcept { return clauses_; }
  std::uint32_t min_should_match() const noexcept { return min_should_match_; }
  /// A range's bounds (std::nullopt: open) and whether each is included.
  const std::optional<std::string>& lower() const noexcept { return lower_; }
  const std::optional<std::string>& upper() const noexcept { return upper_; }
  bool include_lower() const noexcept { return include_lower_; }
  bool include_upper() const noexcept { return include_upper_; }
  /// A decay's origin and scale (as given) and factor; its inner query is clauses()[0].query.
  const std::string& origin() const noexcept { return text_; }
  const std::string& scale() const noexcept { return scale_; }
  double factor() const noexcept { return factor_; }

  /// A readable form, e.g. "+body:\"peace talks\" title:geneva^2".
  std::string to_string() const;

 private:
  Query() = default;
  Kind kind_ = Kind::kMatchAll;
  std::string field_;
  std::string text_;
  std::uint32_t slop_ = 0;
  std::uint32_t max_edits_ = 0, prefix_length_ = 0;
  float boost_ = 1.0f;
  std::vector<Clause> clauses_;
  std::uint32_t min_should_match_ = 0;
  std::optional<std::string> lower_, upper_;
  bool include_lower_ = true, include_upper_ = true;
  std::string scale_;
  double factor_ = 0.5;
};

struct Query::Clause {
  Occur occur = Occur::kShould;
  Query query;
};

}  // namespace trawl

#endif  // TRAWL_SEARCH_QUERY_H_
