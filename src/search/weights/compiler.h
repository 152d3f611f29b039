// Compiler: turns a Query into its Weight tree against one snapshot, under a search's limits
// (SearchOptions::max_clauses, max_prefix_terms, fuzziness). It dispatches each node to its kind's
// compile function and gives them what they share: the fields a node searches grouped by analyzer,
// analysis, document frequencies across segments, prefix expansion and BM25's statistics.
#ifndef TRAWL_SRC_SEARCH_WEIGHTS_COMPILER_H_
#define TRAWL_SRC_SEARCH_WEIGHTS_COMPILER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/searcher_state.h"
#include "search/similarity/bm25.h"
#include "search/weights/weight.h"
#include "trawl/analysis/token.h"
#include "trawl/search/query.h"
#include "util/small_vector.h"

namespace trawl::search_internal {

/// A term's dictionary entries in the segments of a snapshot, one per field of its group
/// (nullopt where the field lacks it): looked up once, when the compiler sums the term's
/// document frequency, and read again by the search that follows instead of a second scan of
/// the dictionary (measured: 4% of a term query's instructions).
class TermLocations {
 public:
  using Infos = util::SmallVector<std::optional<index_internal::TermInfo>, 2>;

  void add(const index_internal::SegmentReader& segment, Infos infos) {
    segments_.emplace_back(&segment, std::move(infos));
  }
  /// Into `out`, the entries of `term` in `segment` for `fields`: the ones kept for that
  /// segment, or else looked up.
  Status find(const index_internal::SegmentReader& segment, const FieldList& fields,
              std::string_view term, Infos& out) const;

 private:
  // Inline for an index of one segment (an optimised one), on the heap past it.
  util::SmallVector<std::pair<const index_internal::SegmentReader*, Infos>, 1> segments_;
};

class Compiler {
 public:
  Compiler(const SearcherState& state, const SearchOptions& options)
      : state_(state), options_(options) {}

  /// The Weight of `query` (whose depth the caller has checked).
  Result<WeightPtr> compile(const Query& query);

  // ---- for the kinds' compile functions ----

  /// The fields a text node searches that share one analyzer: a group is scored as one text.
  struct FieldGroup {
    FieldList fields;
    bool keyword = false;
  };

  /// A node over `field` ("" = every text field): `per_group(group, scoped, any_words)` returns
  /// its Result<WeightPtr> for each field group, setting *any_words when the text had words for
  /// that group's analyzer. One group's weight is the node's; several are OR-ed, each scored on
  /// its own. (A template, not a std::function: its captures would be a heap block a word.)
  template <class PerGroup>
  Result<WeightPtr> over_field_groups(const std::string& field, PerGroup&& per_group) {
    TRAWL_ASSIGN_OR_RETURN(auto groups, field_groups(field));
    const bool scoped = !field.empty();
    std::vector<WeightPtr> weights;
    bool any_words = false;
    for (const FieldGroup& group : groups) {
      TRAWL_ASSIGN_OR_RETURN(WeightPtr weight, per_group(group, scoped, &any_words));
      if (weight->matches() == Weight::Matches::kSome) weights.push_back(std::move(weight));
    }
    return one_of(std::move(weights), any_words);
  }

  /// The field groups a node over `field` searches ("" = every text field, grouped by
  /// analyzer). InvalidArgument for an unknown field or one that is neither text nor keyword.
  using FieldGroups = util::SmallVector<FieldGroup, 1>;
  Result<FieldGroups> field_groups(const std::string& field) const;

  /// The analysed tokens of `text` for `group` (a keyword's value is its one token).
  Result<std::vector<Token>> analyze(const FieldGroup& group, const std::string& text) const;
  /// Their terms, in order, and into *surfaces (if given) each one's surface: the word as typed,
  /// normalised (TokenStream::surface). A word's colocated forms go into *colocated (aligned
  /// with the words) if given, else are left out.
  Result<std::vector<std::string>> words(
      const FieldGroup& group, const std::string& text,
      std::vector<std::string>* surfaces = nullptr,
      std::vector<std::vector<std::string>>* colocated = nullptr) const;
  /// BM25's parameters for `group` (field weights, average length), and its N into *n.
  Bm25Term bm25_for(const FieldGroup& group, bool scoped, double* n) const;
  /// Documents containing `term` in any of `fields`, summed over segments; where it was found
  /// goes into *locations if given.
  Result<std::uint64_t> doc_freq(const std::string& term, const FieldList& fields,
                                 TermLocations* locations = nullptr) const;
  /// `text` as a text group's analyzer normalises a word before stemming (NFKC, case folded);
  /// a keyword's value unchanged. Empty if nothing of it is left.
  Result<std::string> normalize(const FieldGroup& group, std::string_view text) const;
  /// The distinct index terms of `group`'s fields starting with the normalised `raw`, or whose
  /// surface does: at most `cap` (0: SearchOptions::max_prefix_terms) of them, those with the
  /// largest summed field df.
  Result<std::vector<std::string>> expand_prefix(const FieldGroup& group, const std::string& raw,
                                                 std::size_t cap = 0);
  /// The distinct index terms of `group`'s fields that start with `prefix` (bytes) and for
  /// which match(term) holds, or that are the terms of such surfaces (a text group's), capped
  /// as expand_prefix's. InvalidArgument if more than `max_read` terms and surfaces of one
  /// segment's field are read.
  template <class Match>
  Result<std::vector<std::string>> expand_terms(const FieldGroup& group, std::string_view prefix,
                                                Match&& match, std::size_t max_read = SIZE_MAX,
                                                std::size_t cap = 0) {
    ExpandedTerms terms;
    Surfaces surfaces;
    for (std::uint32_t f : group.fields) {
      for (const auto& segment : state_.segments()) {
        std::size_t read = 0;
        TRAWL_RETURN_IF_ERROR(segment->for_each_term(
            f, prefix, [&](std::string_view term, const index_internal::TermInfo& info) {
              if (match(term)) add_expanded(terms, term, info.doc_freq);
              return ++read <= max_read;
            }));
        if (!group.keyword && read <= max_read) {
          TRAWL_RETURN_IF_ERROR(segment->for_each_surface(
              f, prefix, [&](std::string_view surface, const index_internal::TermInfo&) {
                if (match(surface)) surfaces.emplace(surface);
                return ++read <= max_read;
              }));
        }
        if (read > max_read) {
          return Status::invalid_argument(
              "query: a pattern reads more than " + std::to_string(max_read) +
              " terms of the dictionary (SearchOptions::max_wildcard_scan); start it with more "
              "literal characters");
        }
      }
    }
    TRAWL_RETURN_IF_ERROR(add_surface_terms(group, surfaces, terms));
    return most_frequent(std::move(terms), cap > 0 ? cap : options_.max_prefix_terms);
  }
  /// The index term of `surface` in `group` (a text group): the rest of its analyzer's chain
  /// (Analyzer::term_of_surface). Empty if the chain drops it.
  Result<std::string> term_of_surface(const FieldGroup& group, std::string_view surface) const;
  /// The document frequency of `term` summed over `fields` and the segments (a document with it
  /// in two fields counts twice): how expansions are ranked, read from the dictionaries alone.
  Result<std::uint64_t> field_doc_freq(std::string_view term, const FieldList& fields) const;
  /// Counts `n` more clauses against SearchOptions::max_clauses.
  Status add_clauses(std::size_t n);

  const SearcherState& state() const noexcept { return state_; }
  const SearchOptions& options() const noexcept { return options_; }

 private:
  // Terms found by expand_terms() with their summed field df.
  using ExpandedTerms = std::map<std::string, std::uint64_t, std::less<>>;
  using Surfaces = std::set<std::string, std::less<>>;
  static void add_expanded(ExpandedTerms& terms, std::string_view term, std::uint64_t df);
  /// Adds the terms of `surfaces` that `terms` lacks, with their summed field df (none for a
  /// term no segment holds: its documents are gone).
  Status add_surface_terms(const FieldGroup& group, const Surfaces& surfaces,
                           ExpandedTerms& terms) const;
  /// The terms in byte order, at most `cap`: those with the largest df.
  static std::vector<std::string> most_frequent(ExpandedTerms terms, std::size_t cap);

  /// The node of over_field_groups() from its groups' weights that may match.
  static WeightPtr one_of(std::vector<WeightPtr> weights, bool any_words);

  const SearcherState& state_;
  const SearchOptions& options_;
  std::size_t clauses_ = 0;  // counted against options_.max_clauses
};

/// A word of a query as analysis gave it: its term, the terms colocated with it (a
/// transliteration, a synonym: TokenFilter::add_forms; usually none) and its position.
struct QueryWord {
  std::string term;
  std::vector<std::string> colocated;
  Position position = 0;
};
/// `tokens` (in the order analysis gave them) as words, each with its colocated forms.
std::vector<QueryWord> query_words(std::vector<Token> tokens);
/// `tokens` without colocated forms: the first token at each position.
std::vector<Token> without_colocated(std::vector<Token> tokens);

// Each kind's compile function, in the kind's file.
Result<WeightPtr> compile_term(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_prefix(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_fuzzy(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_wildcard(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_phrase_prefix(const Query& query, Compiler& compiler);
/// The phrase of `words` (two or more positions, one with colocated forms) over `group`, with
/// the query's slop and boost: each position matches any of its forms
/// (scorers/multi_phrase_scorer.h); its clauses are the caller's to count.
Result<WeightPtr> compile_multi_phrase(Compiler& compiler, const Compiler::FieldGroup& group,
                                       const std::vector<QueryWord>& words, bool scoped,
                                       const Query& query);
/// The phrase of `tokens` (two or more) over `group`, with the query's slop and boost; its
/// clauses are the caller's to count.
Result<WeightPtr> compile_phrase_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                       const std::vector<Token>& tokens, bool scoped,
                                       const Query& query);
/// The phrases of `tokens` with the last word's term replaced by each of `lasts` (a phrase
/// prefix's expansions), the words before it looked up once: those that may match, in order.
Result<std::vector<WeightPtr>> compile_phrase_endings(Compiler& compiler,
                                                      const Compiler::FieldGroup& group,
                                                      const std::vector<Token>& tokens,
                                                      const std::vector<std::string>& lasts,
                                                      bool scoped, const Query& query);
/// The fuzzy bag of `words` (analysed; `surfaces` as Compiler::words gives them) over `group`,
/// each within `max_edits` edits (Query::kEditsByLength: by its length) sharing its first
/// `prefix_length` characters, its term or one of its surfaces: compile_fuzzy's for one group,
/// and a term query's under SearchOptions::fuzzy.
Result<WeightPtr> compile_fuzzy_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                      const std::vector<std::string>& words,
                                      const std::vector<std::string>& surfaces,
                                      std::uint32_t max_edits, std::uint32_t prefix_length,
                                      bool scoped, double boost);
Result<WeightPtr> compile_phrase(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_boolean(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_match_all(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_range(const Query& query, Compiler& compiler);
Result<WeightPtr> compile_decay(const Query& query, Compiler& compiler);

/// The node that matches nothing; `no_words` when that is because its text had no words.
WeightPtr make_nothing(bool no_words);
/// Weights of one node over several field groups, any of which may match (scores added).
WeightPtr make_any_of(std::vector<WeightPtr> weights);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_WEIGHTS_COMPILER_H_
