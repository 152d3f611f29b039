// Document-at-a-time scorers over one segment: the exhaustive evaluation of a query, which
// every faster path is tested against.
//
// A Scorer is positioned on a matching document (or kTerminated) and only moves forward.
#ifndef TRAWL_SRC_SEARCH_SCORERS_H_
#define TRAWL_SRC_SEARCH_SCORERS_H_

#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "index/segment_reader.h"
#include "trawl/index/postings.h"
#include "trawl/types.h"

namespace trawl::search_internal {

class Scorer {
 public:
  virtual ~Scorer() = default;
  /// The current matching document, or kTerminated.
  virtual DocId doc() const noexcept = 0;
  /// Moves to the first matching document >= target (no-op if already there).
  virtual void advance(DocId target) = 0;
  /// The current document's score. REQUIRES: doc() != kTerminated.
  virtual double score() = 0;
  /// OK, or the first corruption met in the postings.
  virtual Status status() const = 0;

  void next() { advance(doc() + 1); }
};

using ScorerPtr = std::unique_ptr<Scorer>;

/// BM25 of a term or phrase over a set of fields treated as one text.
struct Bm25Term {
  double weight = 0;  // boost * idf (* query term frequency)
  double idf = 0, n = 0, df = 0, multiplier = 1;  // weight's parts, for explanations
  double k1 = 0.9, b = 0.4;
  double avgdl = 1;
  std::vector<std::uint32_t> fields;
  std::vector<double> field_weights;  // aligned with fields

  /// `tf` and `dl` already weighted and summed over the fields.
  double score(double tf, double dl) const {
    const double norm = k1 * (1 - b + b * dl / avgdl);
    return weight * tf * (k1 + 1) / (tf + norm);
  }
  double length(const index_internal::SegmentReader& segment, DocId doc) const {
    double dl = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      dl += field_weights[i] * segment.field_length(fields[i], doc);
    }
    return dl;
  }
};

/// A term in one or several fields: documents containing it in any; tf summed with weights.
/// `cursors` aligned with bm25.fields (null where the segment lacks the term).
ScorerPtr make_term_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                           std::vector<std::unique_ptr<PostingsCursor>> cursors);

/// A phrase's words: their offsets in the query (positions relative to the first word, so
/// stop-word gaps count), which of them are the same term, and the slop.
struct PhraseShape {
  std::vector<Position> offsets;
  std::vector<std::uint32_t> term;  // per word: the first word with the same term
  std::uint32_t slop = 0;
};

/// A phrase: per field, the terms' cursors in query order. Matches documents where the phrase
/// occurs in some field; its frequency is the number of occurrences (phrase_frequency), summed
/// over fields with their weights.
struct PhraseField {
  std::vector<std::unique_ptr<PostingsCursor>> cursors;  // one per phrase word
};
ScorerPtr make_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                             std::vector<PhraseField> fields, PhraseShape shape);

/// The occurrences of a phrase in one field of one document (cursors all on that document).
/// Shifting each word's positions by its offset, an occurrence is a placement of the words at
/// distinct positions whose shifted values span at most `slop`; occurrences are counted by
/// their smallest shifted value (for slop 0: the positions where the exact phrase starts).
std::uint32_t phrase_frequency(std::vector<std::unique_ptr<PostingsCursor>>& cursors,
                               const PhraseShape& shape);
/// The same over each word's sorted positions; with `spans`, also each occurrence's first and
/// last position (for highlighting).
std::uint32_t phrase_occurrences(const std::vector<std::span<const Position>>& lists,
                                 const PhraseShape& shape,
                                 std::vector<std::pair<Position, Position>>* spans);

/// Every document 0..doc_count-1 with a constant score.
ScorerPtr make_match_all_scorer(DocId doc_count, double score);

/// Documents matching at least `min_match` (>= 1) of `children`; score = sum of those matching,
/// in child order. Scans the children for few of them, keeps a heap for many.
ScorerPtr make_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
/// The two ways, for the test that they agree.
ScorerPtr make_scan_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
ScorerPtr make_heap_disjunction(std::vector<ScorerPtr> children, std::size_t min_match);
/// Documents matching all `children`; score = sum. `scoring[i]` false: child i only filters.
ScorerPtr make_conjunction(std::vector<ScorerPtr> children, std::vector<bool> scoring);
/// `required`'s documents, plus the score of `optional` where it also matches.
ScorerPtr make_required_optional(ScorerPtr required, ScorerPtr optional);
/// `required`'s documents that `excluded` does not match.
ScorerPtr make_exclusion(ScorerPtr required, ScorerPtr excluded);
/// A scorer that matches nothing and reports `status` (a failure met while building).
ScorerPtr make_failed_scorer(Status status);
/// `inner`'s documents with its score multiplied by `factor`.
ScorerPtr make_boosted(ScorerPtr inner, double factor);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_H_
