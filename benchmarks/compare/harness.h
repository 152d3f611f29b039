// The side-by-side runner's common half: every engine (trawl, Xapian, SQLite FTS5, Lucene++,
// Lucene 4.10) is one small Engine implementation linked with this harness into its own program,
// so each runs in a process of its own (peak RSS is then the engine's) and all are driven and
// timed identically (Lucene, a Java library, runs in a JVM the program drives over a pipe, and
// times each search itself so that the round trip is not counted):
//
//   compare_<engine> index  CORPUS.jsonl DIR [--threads N] [--ram-mb M] [--stored]
//                           [--no-stop-words] [--one-field] [--spelling]
//   compare_<engine> search DIR QUERIES.tsv [--k N] [--exact] [--passes N]
//
// The index options are kept beside the index (DIR.options) for the search phase, which
// analyses queries the same way. --no-stop-words and --one-field give every engine the same
// work (FTS5 has no stop words; trawl's default searches title and body as two fields):
//
// Each prints one JSON object on standard output (scripts/bench gathers them into the report).
// The corpus is JSON Lines with string fields id, title and body; the query file has lines
// `class<TAB>query`, classes term, and, or, phrase; a query's words are plain words, and each
// engine turns them into its own query of the class (all words required, any word, the words as
// a phrase) through its own query parser and analyzer, as a user of that engine would.
//
// Structured search: the harness gives every document two deterministic structured fields, the
// same for every engine (structured_fields()): `section`, the Debian package the text comes from
// (from its title), and `day`, a publication day (0 .. 9,130: 25 years) drawn from a hash of
// the id. Its classes take the words of an "or" query:
//   filter  the words (any) and day within one year      sorted  the words, newest day first
//   facet   the words, with the count of every section   offset  the words, hits 1,001 to 1,010
//   range   no words: day within 30 days (the query's text is the first day)
//   after   the offset page, after a cursor at hit 1,000 where the engine has cursors
#ifndef TRAWL_BENCHMARKS_COMPARE_HARNESS_H_
#define TRAWL_BENCHMARKS_COMPARE_HARNESS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trawl::compare {

struct CorpusDocument {
  std::string id;
  std::string title;
  std::string body;
  std::string section;   ///< structured_fields(): the source package
  std::int64_t day = 0;  ///< structured_fields(): a publication day, 0 .. kDays - 1
};

/// The days publication dates span (25 years).
inline constexpr std::int64_t kDays = 9131;
/// Fills `section` and `day` of `document` from its title and id.
void structured_fields(CorpusDocument& document);
/// The days [first, last] a query of class filter (a year) or range (30 days) selects.
std::pair<std::int64_t, std::int64_t> filter_days(const std::string& words);
std::pair<std::int64_t, std::int64_t> range_days(const std::string& text);
/// Hits skipped by classes offset and after.
inline constexpr std::size_t kDeepOffset = 1000;

struct IndexOptions {
  unsigned threads = 1;     ///< engines without parallel indexing ignore it
  std::size_t ram_mb = 64;  ///< buffer before a flush, where the engine has such a knob
  bool store_text = false;  ///< also store title and body (compressed, where possible)
  bool stop_words = true;   ///< remove the Snowball English stop words (FTS5 cannot)
  /// Title and body as one text field (two values of it, or joined), whatever the engine's
  /// default layout (trawl: two fields searched as one; SQLite FTS5: two columns).
  bool one_field = false;
  /// trawl: optimize() without renumbering documents (ForceMergeOptions::reorder_documents
  /// off), to measure what the reordering does; other engines ignore it.
  bool keep_order = false;
  /// Xapian: also build the spelling data its did-you-mean needs (TermGenerator::FLAG_SPELLING),
  /// for class suggest; off otherwise, since it changes what its indexing is measured doing.
  /// trawl always keeps what its suggestions read (the words as written); others ignore it.
  bool spelling = false;
};

// kOffset and kAfter ask for the same page, hits 1,001 to 1,010: by offset, and by a search-after
// cursor (the last hit of the page before) where the engine has cursors; an engine without them
// serves kAfter by offset, as its users would.
// Typo tolerance and search as you type (issue 15), each served with the engine's own query of
// the kind where it has one (Engine::supports):
//   fuzzy1, fuzzy2  the words of an "or" query, those of five letters or more misspelt by one
//                   edit (fuzzy2: one or two); each word matches within 1 (2) edits, any word
//   prefix_last     the words of an "or" query, the last cut short: it is a prefix
//   wildcard        one word with a letter made '?' and its end '*' ("bou?da*")
//   phrase_prefix   a phrase whose last word is cut short: it is a prefix
//   suggest         fuzzy1's queries, for which the engine's did-you-mean is asked (no
//                   search): SearchOutcome::ids holds the corrected query, total_hits 1 if there
//                   is one
enum class QueryClass {
  kTerm,
  kAnd,
  kOr,
  kPhrase,
  kFilter,
  kSorted,
  kFacet,
  kRange,
  kOffset,
  kAfter,
  kFuzzy1,
  kFuzzy2,
  kPrefixLast,
  kWildcard,
  kPhrasePrefix,
  kSuggest
};
const char* class_name(QueryClass query_class);
/// Whether the class is one of issue 15's (kFuzzy1 .. kSuggest), which engines serve only
/// where they have the kind of query.
inline bool typo_class(QueryClass query_class) { return query_class >= QueryClass::kFuzzy1; }
/// The edits a word gets in class kFuzzy1 (1) or kFuzzy2 (2).
inline int class_edits(QueryClass query_class) {
  return query_class == QueryClass::kFuzzy2 ? 2 : 1;
}
/// Whether the class asks for the deep page (kOffset or kAfter).
inline bool deep_page(QueryClass query_class) {
  return query_class == QueryClass::kOffset || query_class == QueryClass::kAfter;
}

struct SearchOutcome {
  std::vector<std::string> ids;  ///< the top k, best first (ids fetched as a user would)
  /// The search's time as the engine measured it, for an engine in another process (the
  /// harness's own clock would count the round trip); otherwise the harness times the call.
  std::optional<double> micros;
  std::uint64_t total_hits = 0;  ///< as counted by the engine (exact only when asked)
  /// Class facet: (section, matching documents) for every section with matches.
  std::vector<std::pair<std::string, std::uint64_t>> facets;
};

/// One engine. Errors are thrown as std::runtime_error with a message naming what failed; the
/// harness reports them and exits non-zero.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  /// A one-line description of the settings (analyzer, ranking, storage).
  virtual std::string settings() const = 0;

  virtual void create(const std::string& dir, const IndexOptions& options) = 0;
  virtual void add(const CorpusDocument& document) = 0;
  /// Makes everything added durable and searchable.
  virtual void commit() = 0;
  /// The engine's own "optimise for search" step after a bulk load (merging segments), if any.
  virtual void optimize() = 0;

  /// Opens the index `create` built with `options` (read back from DIR.options).
  virtual void open(const std::string& dir, const IndexOptions& options) = 0;
  virtual SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                               bool exact_count) = 0;
  /// Whether the engine has a query of the class (the harness skips the others): every engine
  /// has the classes before issue 15's.
  virtual bool supports(QueryClass query_class) const { return !typo_class(query_class); }

  /// Untimed passes over the queries before the timed ones: one brings the index into the page
  /// cache; a JIT-compiled engine wants more.
  virtual int warmup_passes() const { return 1; }
  /// The engine's peak resident memory, if it is not this process's.
  virtual std::optional<long> engine_peak_rss_kib() { return std::nullopt; }
};

/// The program's main: parses the command line, runs the phase, prints the JSON object.
int run(int argc, char** argv, const std::function<std::unique_ptr<Engine>()>& make_engine);

/// run() for an engine type that is default-constructible: `return run_engine<E>(argc, argv);`
template <typename EngineType>
int run_engine(int argc, char** argv) {
  return run(argc, argv, [] { return std::unique_ptr<Engine>(std::make_unique<EngineType>()); });
}

/// Runs `body`, turning an engine library's own exception type into the std::runtime_error the
/// harness reports, with the message `describe` extracts.
template <typename Exception, typename Describe, typename Body>
void rethrowing(Describe describe, Body body) {
  try {
    body();
  } catch (const Exception& e) {
    throw std::runtime_error(describe(e));
  }
}

/// The words of a query (split at spaces), for engines that build queries term by term.
std::vector<std::string> split_words(std::string_view words);

/// The Snowball English stop word list trawl uses, for peers that accept a list.
std::vector<std::string> english_stop_words();

}  // namespace trawl::compare

#endif  // TRAWL_BENCHMARKS_COMPARE_HARNESS_H_
