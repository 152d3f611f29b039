// The side-by-side runner's common half: every engine (trawl, Xapian, SQLite FTS5, Lucene++) is
// one small Engine implementation linked with this harness into its own program, so each runs in
// a process of its own (peak RSS is then the engine's) and all are driven and timed identically:
//
//   compare_<engine> index  CORPUS.jsonl DIR [--threads N] [--ram-mb M] [--stored]
//   compare_<engine> search DIR QUERIES.tsv [--k N] [--exact] [--passes N]
//
// Each prints one JSON object on standard output (scripts/bench gathers them into the report).
// The corpus is JSON Lines with string fields id, title and body; the query file has lines
// `class<TAB>query`, classes term, and, or, phrase; a query's words are plain words, and each
// engine turns them into its own query of the class (all words required, any word, the words as
// a phrase) through its own query parser and analyzer, as a user of that engine would.
#ifndef TRAWL_BENCHMARKS_COMPARE_HARNESS_H_
#define TRAWL_BENCHMARKS_COMPARE_HARNESS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace trawl::compare {

struct CorpusDocument {
  std::string id;
  std::string title;
  std::string body;
};

struct IndexOptions {
  unsigned threads = 1;           ///< engines without parallel indexing ignore it
  std::size_t ram_mb = 64;        ///< buffer before a flush, where the engine has such a knob
  bool store_text = false;        ///< also store title and body (compressed, where possible)
};

enum class QueryClass { kTerm, kAnd, kOr, kPhrase };
const char* class_name(QueryClass query_class);

struct SearchOutcome {
  std::vector<std::string> ids;  ///< the top k, best first (ids fetched as a user would)
  std::uint64_t total_hits = 0;  ///< as counted by the engine (exact only when asked)
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

  virtual void open(const std::string& dir) = 0;
  virtual SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                               bool exact_count) = 0;
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
