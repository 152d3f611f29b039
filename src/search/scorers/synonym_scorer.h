// SynonymScorer: several terms of a field group scored as one term (Xapian's OP_SYNONYM,
// Lucene's SynonymQuery): the completions of a pattern ("lay*": layer, layers, layout). A
// document's tf is the sum of its occurrences of every one of them, each weighted by its field,
// so that a document with three forms of a word scores as one word seen three times, not as
// three words, and the pattern weighs in a bag of words as one word does.
//
// The terms' postings are merged once per segment into ascending documents with their scores,
// a window of documents at a time (each term's postings read a decoded block at once, into one
// bucket per document, as the window disjunction does), and the merged list is cut into runs of
// kBlockSize documents with the best score of each: exact bounds for the pruning algorithms
// (src/search/pruning/), which then see the pattern as one term.
//
// A query word's colocated forms (analysis gave it several terms at one position: a
// transliteration, a synonym) are one term the same way, except that a document's occurrences
// in a field are the distinct positions its forms stand at: a word indexed with its
// transliteration beside it is one occurrence, not two (merge_colocated).
#ifndef TRAWL_SRC_SEARCH_SCORERS_SYNONYM_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_SYNONYM_SCORER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/scorer.h"
#include "search/similarity/bm25.h"
#include "trawl/status.h"

namespace trawl::search_internal {

class SynonymScorer final : public Scorer {
 public:
  /// The postings of one of the terms in one field (`field`: its index in bm25.fields).
  struct Postings {
    std::size_t field;
    std::unique_ptr<index_internal::BlockPostingsCursor> cursor;
  };
  /// The scorer of the union of `postings` (terms in order, each term's fields in order: the
  /// order a document's tf is summed in). An error if a postings list is damaged.
  static Result<std::unique_ptr<SynonymScorer>> merge(const index_internal::SegmentReader& segment,
                                                      const Bm25Term& bm25,
                                                      std::vector<Postings> postings);
  /// The same for colocated forms: a document's tf in a field is the number of distinct
  /// positions any of them holds there (colocated_occurrences), fields summed in order.
  static Result<std::unique_ptr<SynonymScorer>> merge_colocated(
      const index_internal::SegmentReader& segment, const Bm25Term& bm25,
      std::vector<Postings> postings);

  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override;
  double score() override { return scores_[at_]; }
  Status status() const override { return {}; }

  /// How many documents hold any of the terms.
  std::uint64_t size() const noexcept { return docs_.size(); }
  /// Consecutive runs of the documents, each given by its last, with the best score in it
  /// (BoundedTerm::blocks), and the best of all.
  std::vector<std::pair<DocId, double>> blocks() const;
  double best() const noexcept { return best_; }

 private:
  SynonymScorer(std::vector<DocId> docs, std::vector<double> scores);

  std::vector<DocId> docs_;
  std::vector<double> scores_;
  double best_ = 0;
  std::size_t at_ = 0;
  DocId doc_ = kTerminated;
};

/// The occurrences of colocated forms in one field of a document, `on_doc` their cursors there
/// (none null, all on the document): the distinct positions among theirs. `scratch` is reused.
std::uint32_t colocated_occurrences(std::span<index_internal::BlockPostingsCursor* const> on_doc,
                                    std::vector<Position>& scratch);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_SYNONYM_SCORER_H_
