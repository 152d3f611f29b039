// TermsWeight: a bag of words over one field group, the OR of its distinct terms, each weighted
// by how often the query has it (a term query; an OR of single words), where a pattern's
// expansion is one term made of several (a synonym: scorers/synonym_scorer.h). Its top k is
// found by MaxScore (pruning/max_score.h, max_score_heap.h).
#ifndef TRAWL_SRC_SEARCH_WEIGHTS_TERMS_WEIGHT_H_
#define TRAWL_SRC_SEARCH_WEIGHTS_TERMS_WEIGHT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "search/scorers/field_term_scorer.h"
#include "search/scorers/scorer.h"
#include "search/scorers/term_scorer.h"
#include "search/weights/compiler.h"
#include "search/weights/weight.h"

namespace trawl::search_internal {

class TermsWeight final : public Weight {
 public:
  /// One of the terms a synonym is made of.
  struct Form {
    std::string text;
    TermLocations locations;  // its entries per segment and field of the synonym's bm25.fields
  };
  struct Term {
    std::string text;  // the term; a synonym's pattern as typed, for explain()
    Bm25Term bm25;
    TermLocations locations;  // its entries per segment and field of bm25.fields
    std::string origin;       // what explain() says of where it came from; empty for a word
    /// A synonym's terms (two or more), scored as one term whose occurrences are all of theirs;
    /// empty for a term.
    std::vector<Form> forms;
    /// Whether the forms are a word's colocated forms: its occurrences are then the distinct
    /// positions of theirs (SynonymScorer::merge_colocated), not the sum.
    bool colocated = false;
  };
  explicit TermsWeight(std::vector<Term> terms) : terms_(std::move(terms)) {}

  const std::vector<Term>& terms() const noexcept { return terms_; }

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override;
  /// A bag of 2 to 15 words: scored a window of documents at a time (window_disjunction.h).
  ScorerPtr top_scorer(const index_internal::SegmentReader& segment) const override;
  Result<bool> search_top_k(SegmentRun& run) const override;
  /// The same over the documents whose bit is set in `filter` (one bit per document of the
  /// segment): a bag of words under filter clauses, whose score is the bag's.
  Result<bool> search_top_k(SegmentRun& run, const std::vector<std::uint64_t>& filter) const;
  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override;
  void highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const override;
  const TermsWeight* as_terms() const override { return this; }

  /// A term present in a segment: its dictionary entry per field of its group (nullopt where
  /// absent), how many fields hold it and the last of them. A synonym's entries are its
  /// forms', per form (`forms`, aligned with Term::forms), and its holders the forms present.
  struct Found {
    std::size_t term;  // in terms()
    TermLocations::Infos infos;
    std::size_t holders;
    std::size_t holder;
    std::vector<TermLocations::Infos> forms;
  };
  /// The terms present in `segment`, in query order.
  Result<std::vector<Found>> find(const index_internal::SegmentReader& segment) const;
  /// Whether each found term is a term held by one field (then field_terms() applies).
  static bool one_field_each(const std::vector<Found>& found);
  /// Whether a found term is a synonym (then only scorers() applies).
  static bool any_synonym(const std::vector<Found>& found);

  /// The found terms in query order (BoundedTerm::order), each with its scorer and, if
  /// `bounds`, its score bounds from the postings' skip entries. REQUIRES: no synonym.
  Result<std::vector<BoundedTerm<std::unique_ptr<TermScorer>>>> bounded_terms(
      const index_internal::SegmentReader& segment, const std::vector<Found>& found,
      bool bounds) const;
  /// The same for any terms, synonyms included (their postings merged, their bounds exact),
  /// each behind the Scorer interface.
  Result<std::vector<BoundedTerm<ScorerPtr>>> scorers(const index_internal::SegmentReader& segment,
                                                      const std::vector<Found>& found,
                                                      bool bounds) const;
  /// The disjunction of the found terms' scorers (scorer() without looking them up again).
  ScorerPtr scorer_of(const index_internal::SegmentReader& segment,
                      const std::vector<Found>& found) const;
  /// The same over each term's one holding field, without the term scorer's layers: what the
  /// pruning templates run on when one_field_each(found). Same scores to the bit.
  Result<std::vector<BoundedTerm<std::unique_ptr<FieldTermScorer>>>> field_terms(
      const index_internal::SegmentReader& segment, const std::vector<Found>& found,
      bool bounds) const;
  /// A found term's scorer over its one holding field (what field_terms() gives it).
  std::unique_ptr<FieldTermScorer> field_term(const index_internal::SegmentReader& segment,
                                              const Found& term) const;

 private:
  std::unique_ptr<TermScorer> term_scorer(const index_internal::SegmentReader& segment,
                                          const Found& term, std::uint64_t& cost) const;

  std::vector<Term> terms_;
};

/// The bag of `words` over `group` (duplicates weigh more), with `boost`, each distinct word
/// counted as a clause; the nothing node if no document has any of them. With `colocated`
/// (aligned with `words`), a word with colocated forms is one term made of them and itself,
/// its occurrences their distinct positions and its idf that of the largest df among them.
Result<WeightPtr> compile_terms(Compiler& compiler, const Compiler::FieldGroup& group,
                                const std::vector<std::string>& words, bool scoped, double boost,
                                const std::vector<std::vector<std::string>>* colocated = nullptr);
/// The same without counting clauses (a prefix's expansion counts as one).
Result<WeightPtr> compile_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                const std::vector<std::string>& words, bool scoped, double boost,
                                const std::vector<std::vector<std::string>>* colocated = nullptr);
/// The terms a pattern (prefix, wildcard; `pattern` as typed) expanded to, as one synonym
/// term: a document's tf is its occurrences of any of them, and its idf that of the largest df
/// among them (blended): the completions of what the user typed are equally likely meant, a
/// rare one must not outrank the common one for its rarity, and a document with several of them
/// is not a document with several words of the query.
Result<WeightPtr> compile_expansion(Compiler& compiler, const Compiler::FieldGroup& group,
                                    const std::vector<std::string>& terms,
                                    const std::string& pattern, bool scoped, double boost);

/// The distinct words in query order, each with how often the query has it.
std::vector<std::pair<std::string_view, double>> count_words(const std::vector<std::string>& words);

/// A bag term's BM25: `base` (Compiler::bm25_for, with the group's N `n`) for a term whose
/// idf is computed from `idf_df` documents (its df, or a fuzzy word's blended df), weighted
/// by `multiplier`.
Bm25Term bag_term(const Bm25Term& base, double n, double idf_df, double multiplier);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_WEIGHTS_TERMS_WEIGHT_H_
