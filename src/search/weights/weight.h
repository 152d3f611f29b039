// Weight: a query node compiled once per search against the snapshot's statistics (analysed,
// prefixes expanded, BM25 weights computed), as Lucene's Weight. Each query kind is one Weight
// class in this folder with its compile function (compiler.h dispatches to it). A Weight makes
// the node's Scorer for each segment, may know a faster way to find a segment's top k (dynamic
// pruning), explains its own score from its own parts, and says what to highlight.
//
// To add a query kind: a Query::Kind and its factory (include/trawl/search/query.h), a file here
// with the Weight and `compile_<kind>()`, one case in Compiler::compile, a reference in
// tests/support/reference_searcher.h and a generator in tests/support/differential.h.
#ifndef TRAWL_SRC_SEARCH_WEIGHTS_WEIGHT_H_
#define TRAWL_SRC_SEARCH_WEIGHTS_WEIGHT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "index/segment_reader.h"
#include "search/highlight/highlighter.h"
#include "search/pruning/segment_run.h"
#include "search/scorers/scorer.h"
#include "trawl/result.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

class TermsWeight;

/// A document's explanation, and whether the node matches it at all (a match may score 0).
struct ExplainedScore {
  bool matched = false;
  Explanation explanation;
};

class Weight {
 public:
  /// What a boolean holding this node needs to know of it.
  enum class Matches {
    kSome,     // documents may match
    kNothing,  // nothing can match (a word no document has)
    kNoWords,  // the text analysed to no words (stop words only): the clause is ignored
  };

  virtual ~Weight() = default;

  /// The node's matches in `segment` with their scores; null if nothing there can match. A
  /// failure reading the index is reported by the scorer's status().
  virtual ScorerPtr scorer(const index_internal::SegmentReader& segment) const = 0;
  /// The same, for a search that takes every match of this node as the whole query: a kind may
  /// score in bulk there what it scores document by document inside other nodes.
  virtual ScorerPtr top_scorer(const index_internal::SegmentReader& segment) const {
    return scorer(segment);
  }
  /// Sets the bit of every document of `segment` the node matches in `bits` (one bit per
  /// document, zeroed by the caller): a filter's documents. By default through scorer(); a kind
  /// that knows its documents without putting them in order marks them directly.
  virtual Status mark_matches(const index_internal::SegmentReader& segment,
                              std::vector<std::uint64_t>& bits) const;
  /// Finds the segment's top k into run.top faster than scoring every match, counting matches
  /// into run (a lower bound when documents are skipped). false: the kind has no such way, and
  /// the caller scores every match.
  virtual Result<bool> search_top_k(SegmentRun& /*run*/) const { return false; }
  /// Why `doc` of `segment` scores what the scorer gives it: the value is computed from the
  /// same parts in the same order, so it equals the score to the last bit; 0 when not matched.
  virtual Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                         DocId doc) const = 0;
  /// Appends what the node highlights in field `field`, its weight multiplied by `boost`.
  virtual void highlights(std::uint32_t /*field*/, double /*boost*/,
                          std::vector<Highlight>& /*out*/) const {}
  virtual Matches matches() const { return Matches::kSome; }
  /// This node as a bag of words, if it is one (booleans merge and prune those).
  virtual const TermsWeight* as_terms() const { return nullptr; }
};

using WeightPtr = std::unique_ptr<const Weight>;

/// weight.explain(), with "no match; " put before the description of a node that does not match.
Result<ExplainedScore> explain_node(const Weight& weight,
                                    const index_internal::SegmentReader& segment, DocId doc);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_WEIGHTS_WEIGHT_H_
