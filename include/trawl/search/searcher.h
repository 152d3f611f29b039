// Searcher: runs queries over one IndexReader snapshot and returns the best documents, ranked
// by BM25.
//
// Scoring is BM25 (Robertson et al.) with exact document lengths:
//   score(d) = sum over query terms t of  boost * idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
//   idf(t)   = ln(1 + (N - df + 0.5) / (df + 0.5))     (Lucene's form: never negative)
// with k1 = 0.9 and b = 0.4 by default, the values Anserini uses for its BM25 baselines. For a
// query scoped to a text field, tf, dl, df, N and avgdl are that field's (N = documents with
// the field). An unscoped query scores each document as one text made of all its text fields
// (tf and dl summed with the field weights, default 1; df = documents with the term in any
// field; N = documents with any text), which equals BM25 over the concatenated fields; text
// fields with different analyzers are each scored so, and the scores added. A clause on a
// keyword field is BM25 without length normalisation (b = 0) with N = every document of the
// snapshot: tf is how often the document has the value, so a rare value weighs more than a
// common one. A phrase scores as one term whose tf is its number of occurrences (query.h) and
// whose idf is the sum of its words' idf. N is never taken below df, so every score is >= 0 and
// a matching clause never lowers a document's score. Statistics are summed over every segment
// of the snapshot, so scores do not depend on segmentation; they count deleted documents until
// a merge drops them. Ties rank by document order.
//
// Matching follows query.h; words no document has do not make a query match everything: a
// boolean whose clauses that could match (must, should, filter) all match nothing matches
// nothing, and only a boolean of prohibited clauses alone ("-a") matches every other document
// (score 0).
//
// Top-k retrieval of disjunctive queries uses MaxScore dynamic pruning over per-segment score
// bounds computed from the postings' block maxima; it returns exactly the hits (and scores) of
// exhaustive evaluation, which SearchOptions::exact_count forces and the tests compare against.
//
// Thread-safety: a Searcher is immutable (copies share its state); any number of threads may
// search with it at once.
#ifndef TRAWL_SEARCH_SEARCHER_H_
#define TRAWL_SEARCH_SEARCHER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/export.h"
#include "trawl/index/index_reader.h"
#include "trawl/result.h"
#include "trawl/search/query.h"
#include "trawl/types.h"

namespace trawl {

struct Bm25Parameters {
  /// Term frequency saturation. Default: 0.9 (Anserini's BM25 default).
  double k1 = 0.9;
  /// Length normalisation, 0 (none) .. 1 (full). Default: 0.4 (Anserini's BM25 default).
  double b = 0.4;
};

/// One key of a sort order.
struct SortKey {
  /// A numeric, date or keyword field; empty for the score.
  std::string field;
  /// Largest first. A field's documents are compared by their smallest value ascending and
  /// their largest descending (keywords by bytes); documents without a value come last either
  /// way. For the score, true (the default of by_score()) puts the best first.
  bool descending = false;

  static SortKey by_score() { return SortKey{"", true}; }
};

/// Counts over every matching document of one field, computed in the same pass as the hits.
struct FacetRequest {
  enum class Kind : std::uint8_t {
    kValues,     ///< the `size` most frequent values (ties by value), keyword, numeric or date
    kRanges,     ///< one bucket [edges[i], edges[i+1]) per pair of edges, numeric or date
    kHistogram,  ///< buckets of `interval` width by their start, numeric or date
  };
  Kind kind = Kind::kValues;
  std::string field;
  /// kValues: how many values to return. Default: 10.
  std::size_t size = 10;
  /// kRanges: ascending bounds, as range queries take them (numbers, or dates whose bucket
  /// starts at the date's first millisecond).
  std::vector<std::string> edges;
  /// kHistogram: "day", "month" or "year" (dates, UTC calendar), or a positive integer (numbers;
  /// for dates, milliseconds).
  std::string interval;
};

/// A bucket of a facet and the number of matching documents in it (a document with several
/// values counts once per bucket it has a value in).
struct FacetCount {
  /// The value (keyword bytes, a number, an ISO-8601 date), "[a,b)" for a range bucket, or the
  /// start of a histogram bucket.
  std::string value;
  std::uint64_t count = 0;
};

struct FacetResult {
  std::string field;
  /// kValues: by count, then value; kRanges: in the edges' order, every bucket; kHistogram: by
  /// start, buckets with documents only.
  std::vector<FacetCount> counts;
};

/// How fuzzy words (Query::fuzzy, SearchOptions::fuzzy) expand and score.
///
/// Edits by length (Query::kEditsByLength): a word of fewer than `one_edit_from` characters
/// gets none, from `one_edit_from` one, from `two_edits_from` two; a word with a digit (a
/// number, a model name) none. A word is counted as analysed (its stem: "negotiations" is
/// "negoti", 6 characters) since that is what the edits apply to; one of more than 64
/// characters is matched exactly.
///
/// Matching. The expansions of a word w are the terms t of the field within its edits of w,
/// and the terms of the field's surfaces (its words as written, IndexReader::surfaces) within
/// its edits of w as typed: "negotiatoins", whose stem breaks, is one edit from "negotiations",
/// term "negoti". d(t) is the least distance of either route (w itself, if an index term, at
/// 0); the edits are those of w.
///
/// Scoring. Each expansion t is at distance d(t). Each is a term of the bag, scored by the
/// BM25 of this header with
///   multiplier = boost * penalty ^ (d(t) - d_min)     d_min: the nearest distance found
///   df         = the largest df of the expansions at distance <= d(t)   (blended)
/// so w keeps its own idf and weight, and a misspelling in the index gets neither an idf above
/// the word's nor its weight: a document with w outranks the same document with a
/// misspelling instead, and a rare misspelling never outranks the word it misspells. When w
/// is no index term (a typo in the query), its nearest expansions count fully. A document's
/// expansions are summed, as a bag's words are.
struct Fuzziness {
  /// The shortest word, in characters, allowed one edit. Default: 5.
  std::uint32_t one_edit_from = 5;
  /// The shortest word allowed two edits. Default: 9.
  std::uint32_t two_edits_from = 9;
  /// What each edit beyond the nearest multiplies an expansion's weight by, in (0, 1].
  /// Default: 0.5.
  double edit_penalty = 0.5;
  /// A word keeps at most this many expansions (itself included): the nearest, then those in
  /// most documents (the df summed over the fields searched), then by bytes. Default: 50.
  std::size_t max_expansions = 50;
};

struct SearchOptions {
  /// How many hits to return. Default: 10.
  std::size_t k = 10;
  /// A prefix expands to at most this many terms: those in most documents (the df summed over
  /// the fields searched), then by bytes. Default: 1024.
  std::size_t max_prefix_terms = 1024;
  /// A phrase prefix's last word expands to at most this many terms (those in most documents,
  /// as Elasticsearch's match_phrase_prefix keeps 50), each a phrase to match; so does the
  /// last word of QueryParserOptions::prefix_last (a phrase prefix of one word). Default: 50.
  std::size_t max_phrase_prefix_terms = 50;
  /// A wildcard reads the terms of a segment's field from its literal prefix on (every term,
  /// for a leading '*': about 10 ms per 100,000 terms); past this many terms read it is
  /// InvalidArgument. Default: 1,000,000.
  std::size_t max_wildcard_scan = 1'000'000;
  /// Typo tolerance for plain text: every word of the term clauses on text fields is fuzzy by
  /// its length (a fuzzy query with Query::kEditsByLength), so exact matches rank first and
  /// near misses follow. Default: false.
  bool fuzzy = false;
  /// The rules of fuzzy words. InvalidArgument if one_edit_from is 0, two_edits_from is below
  /// it, edit_penalty is outside (0, 1] or max_expansions is 0.
  Fuzziness fuzziness;
  /// Count every matching document. Without it, disjunctions (bags of words) skip documents
  /// that cannot reach the top k (MaxScore dynamic pruning), a range alone stops at its first k
  /// matches (they all score the same), and total_hits is then a lower bound with
  /// total_is_exact false (never when fewer than k documents match). The hits are the same
  /// either way. Default: false.
  bool exact_count = false;
  /// The most clauses a query may have: every distinct word of a term or fuzzy clause, every
  /// word of a phrase, every prefix and every clause of a boolean, summed over the query (as
  /// Lucene's maxClauseCount); more is InvalidArgument, so a query's cost has a bound the
  /// caller sets (with max_prefix_terms and Fuzziness::max_expansions). Default: 1024.
  std::size_t max_clauses = 1024;
  /// Stop after about this long and return the best hits found so far, with
  /// SearchResult::partial set. Zero: no limit. Default: zero.
  std::chrono::nanoseconds timeout{0};
  /// The order of the hits: each key in turn, then the score (best first), then document order.
  /// Empty: by score. InvalidArgument for a key on a field that is not numeric, date or keyword.
  std::vector<SortKey> sort;
  /// Hits to skip before the first returned: offset and k make a page. Default: 0.
  std::size_t offset = 0;
  /// Return the hits after this cursor (SearchResult::next of an earlier search of this
  /// Searcher with the same query and sort), so that pages follow one another without repeats
  /// or gaps whatever the page size; offset then counts from the cursor. Empty: from the start.
  /// InvalidArgument for a cursor of another snapshot or sort, or not a cursor.
  std::string after;
  /// Facets to count, over every matching document (so with facets total_hits is exact).
  std::vector<FacetRequest> facets;
};

/// How Searcher::suggest corrects a query ("did you mean").
struct SuggestOptions {
  /// A word that some documents have is corrected only by a word in at least this many times
  /// as many documents: a rare spelling is likely a typo of a common one, a word of its own
  /// when the alternatives are no more common. At least 1. Default: 10.
  double popularity = 10;
  /// In a phrase, the alternatives tried per corrected word (the best first) to find a
  /// corrected phrase that occurs. At least 1. Default: 5.
  std::size_t phrase_alternatives = 5;
  /// The edits a correction may be from the word as typed, by its length (one_edit_from,
  /// two_edits_from; the rest unused). Default: one edit from 4 characters, two from 8 (a
  /// suggestion is only offered, so it reaches a little further than fuzzy matching).
  Fuzziness fuzziness{4, 8};
};

/// A corrected query, from Searcher::suggest.
struct Suggestion {
  struct Correction {
    std::string original;     ///< the word as written in the query's text
    std::string replacement;  ///< a word as written in the index (normalised: lower case)
  };
  /// The query with its corrections made.
  Query query;
  /// The words replaced, in the order of the query's text.
  std::vector<Correction> corrections;
};

struct Hit {
  std::size_t segment = 0;  ///< the segment holding the document
  DocId doc = 0;            ///< its number in the segment
  Score score = 0;
};

struct SearchResult {
  std::vector<Hit> hits;        ///< best first; equal scores in document order
  std::uint64_t total_hits = 0; ///< documents that matched
  bool total_is_exact = true;   ///< false when total_hits is only a lower bound
  /// The timeout stopped the search: the hits are the best of the documents it reached, and
  /// total_hits (then a lower bound) counts only those.
  bool partial = false;
  /// A cursor after the last hit, for SearchOptions::after; empty when there are no hits.
  std::string next;
  /// Per SearchOptions::facets, in its order.
  std::vector<FacetResult> facets;
};

/// Why a document got its score: a tree whose leaves are BM25's parts.
struct TRAWL_EXPORT Explanation {
  double value = 0;
  std::string description;
  std::vector<Explanation> details;
  /// Indented, one line per node: "1.3049 = weight(body:talk) ...".
  std::string to_string() const;
};

struct SnippetOptions {
  /// The passage's length in bytes of text, at most (markers and escapes not counted; longer
  /// words are cut). Default: 200.
  std::size_t max_bytes = 200;
  /// Markers put around what matched (a word, or a phrase occurrence as one span). They are
  /// written as given, never escaped. Default: "<b>" and "</b>".
  std::string before = "<b>";
  std::string after = "</b>";
  /// Put around a passage that does not reach the text's ends. Default: "…".
  std::string ellipsis = "\u2026";
  /// Escape the text for HTML (& < > " ' become entities), so that a stored "<script>" is shown,
  /// not run. false gives the raw text, for callers that escape it themselves or do not write
  /// HTML. Default: true.
  bool escape_html = true;
};

/// A highlighted passage.
struct Snippet {
  std::string field;  ///< the stored text field it comes from
  std::string text;   ///< the passage, marked and (by default) HTML-escaped
  /// The summed weight (boost times idf) of the distinct words and phrases the passage shows;
  /// 0 when it shows none.
  double weight = 0;
};

class TRAWL_EXPORT Searcher {
 public:
  /// A searcher over `reader`. `field_weights` weight text fields in unscoped queries (fields
  /// not listed weigh 1). Builds each text field's analyzer once, for all queries.
  /// InvalidArgument naming the value if k1 is negative or not finite, b is outside [0, 1], or a
  /// weight names no text field or is negative or not finite.
  static Result<Searcher> create(IndexReader reader, Bm25Parameters bm25 = {},
                                 std::vector<std::pair<std::string, double>> field_weights = {});

  /// As create(), for parameters known to be valid; invalid ones make every search, explain and
  /// snippet return create()'s error.
  explicit Searcher(IndexReader reader, Bm25Parameters bm25 = {},
                    std::vector<std::pair<std::string, double>> field_weights = {});

  /// The best `options.k` documents for `query`. InvalidArgument for an unknown field, more
  /// clauses than the cap, a bad boost, min_should_match or fuzziness; Corruption if the index
  /// is damaged.
  Result<SearchResult> search(const Query& query, const SearchOptions& options = {}) const;

  /// The stored fields of a hit.
  Result<Document> document(const Hit& hit) const;
  /// The stored fields of several hits, in the same order; reads each compressed block once, so
  /// prefer it to document() for a page of results.
  Result<std::vector<Document>> documents(const std::vector<Hit>& hits) const;
  /// The unique key (Schema::set_unique_key) of each hit, in the same order, read from the key
  /// field's per-document values rather than the stored documents: the cheap way to hand a
  /// page of hits to the store that holds the documents (an empty string for a hit without a
  /// key). InvalidArgument if the schema has no unique key or a hit is not of this snapshot;
  /// Corruption if the values are damaged.
  Result<std::vector<std::string>> keys(const std::vector<Hit>& hits) const;

  /// The parts of `hit`'s score for `query` (per term: tf, df, N, document length, average
  /// length, idf, weight; a fuzzy word's expansions with their distance and penalty). Its
  /// value equals the hit's score in the search with options `searched` (which decide
  /// expansions: max_prefix_terms, fuzzy, fuzziness).
  Result<Explanation> explain(const Query& query, const Hit& hit,
                              const SearchOptions& searched = {}) const;

  /// The best passage of stored text field `field` of `hit` for `query`: the window showing
  /// the most weight of distinct matched words and phrases. Only what matched is marked: words
  /// of term and prefix clauses wherever they occur, phrases only where the phrase occurs (as one
  /// span), nothing of prohibited clauses. Always valid UTF-8 (invalid stored bytes become
  /// U+FFFD). Prefixes, fuzzy words and wildcards mark the terms they expanded to in the
  /// search with options `searched`. InvalidArgument if `field` is not a stored text field.
  Result<std::string> snippet(const Query& query, const Hit& hit, const std::string& field,
                              const SnippetOptions& options = {},
                              const SearchOptions& searched = {}) const;
  /// The best passage over every stored text field of the schema: the one showing the most
  /// matched weight (the first such field when none shows any). InvalidArgument if the schema
  /// has no stored text field.
  Result<Snippet> best_snippet(const Query& query, const Hit& hit,
                               const SnippetOptions& options = {},
                               const SearchOptions& searched = {}) const;

  /// Did you mean: `query` with its misspelt words corrected, or nullopt if it has none.
  /// Each word of the query's term, phrase and fuzzy clauses on text fields is looked up in
  /// the fields its clause searches (with the first of them's analyzer); one that no document
  /// has, or far fewer than a word within its edits (SuggestOptions::popularity), is replaced by
  /// the best such word as written in the index (IndexReader::surfaces, and terms that are
  /// words of their own): the nearest to the word as typed, then the one in most documents,
  /// then by bytes. A word with a digit is never corrected. In a phrase, the corrections are
  /// chosen among each word's best few so that the corrected phrase occurs, when such a choice
  /// exists. Prefixes, wildcards, keyword fields and ranges are kept as they are; a
  /// capitalised word's correction is capitalised. Meant for a query that finds few or no
  /// hits. InvalidArgument for an unknown field, invalid options or too deep a query.
  Result<std::optional<Suggestion>> suggest(const Query& query,
                                            const SuggestOptions& options = {}) const;

  const IndexReader& reader() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;  // immutable, shared by copies
};

}  // namespace trawl

#endif  // TRAWL_SEARCH_SEARCHER_H_
