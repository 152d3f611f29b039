// Phrases: where the words occur at their relative positions (within a slop), counted per
// document, and the scorer of a phrase over one or several fields.
#ifndef TRAWL_SRC_SEARCH_SCORERS_PHRASE_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_PHRASE_SCORER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/scorer.h"
#include "search/similarity/bm25.h"
#include "trawl/index/postings.h"

namespace trawl::search_internal {

/// A phrase's words: their offsets in the query (positions relative to the first word, so
/// stop-word gaps count), which of them are the same term, and the slop.
struct PhraseShape {
  std::vector<Position> offsets;
  std::vector<std::uint32_t> term;  // per word: the first word with the same term
  std::uint32_t slop = 0;
};

/// A phrase's cursors in one field: one per phrase word, in query order. Of the final cursor
/// type, so that the leapfrogging and position reads are direct calls, inlined where small.
struct PhraseField {
  std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors;
};

/// The scorer of a phrase over the fields of a group, whatever a field's cursors are: `Field`
/// holds one field's, and has `DocId next(DocId target, std::uint32_t& freq)`, the first
/// document >= target where the phrase occurs in the field with its occurrences there
/// (kTerminated: none), and `Status status() const`. A document's tf is the occurrences summed
/// over the fields with their weights.
template <class Field>
class FieldwisePhraseScorer final : public Scorer {
 public:
  FieldwisePhraseScorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                        std::vector<Field> fields)
      : segment_(segment),
        bm25_(std::move(bm25)),
        fields_(std::move(fields)),
        field_docs_(fields_.size(), kTerminated),
        field_freqs_(fields_.size(), 0) {
    for (std::size_t f = 0; f < fields_.size(); ++f)
      field_docs_[f] = fields_[f].next(0, field_freqs_[f]);
    update();
  }
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_) return;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] < target) field_docs_[f] = fields_[f].next(target, field_freqs_[f]);
    }
    update();
  }
  double score() override {
    double tf = 0;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] == doc_) tf += bm25_.field_weights[f] * field_freqs_[f];
    }
    return kernel_.score(tf, bm25_.length(segment_, doc_));
  }
  Status status() const override {
    for (const Field& field : fields_) TRAWL_RETURN_IF_ERROR(field.status());
    return {};
  }

 private:
  void update() {
    doc_ = kTerminated;
    for (const DocId doc : field_docs_) doc_ = std::min(doc_, doc);
  }

  const index_internal::SegmentReader& segment_;
  Bm25Term bm25_;
  Bm25Kernel kernel_ = bm25_.kernel();
  std::vector<Field> fields_;
  std::vector<DocId> field_docs_;
  std::vector<std::uint32_t> field_freqs_;
  DocId doc_ = kTerminated;
};

/// A FieldwisePhraseScorer of `Field`s made each of one of `fields` and the phrase's shape.
template <class Field, class Cursors>
ScorerPtr make_fieldwise_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                                       std::vector<Cursors> fields, const PhraseShape& shape) {
  std::vector<Field> out;
  out.reserve(fields.size());
  for (Cursors& field : fields) out.emplace_back(std::move(field), shape);
  return std::make_unique<FieldwisePhraseScorer<Field>>(segment, std::move(bm25), std::move(out));
}

/// Matches documents where the phrase occurs in some field; its frequency is the number of
/// occurrences (phrase_frequency), summed over fields with their weights. `fields` aligned with
/// bm25.fields; a field without every word has no cursors.
ScorerPtr make_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                             std::vector<PhraseField> fields, PhraseShape shape);

/// The indices of `cursors` (none null), the shortest list first: the order to align them in, so
/// that the rare words propose the candidates.
std::vector<std::size_t> rarest_first(const std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& cursors);

/// The occurrences of a phrase in one field of one document (cursors all on that document).
/// Shifting each word's positions by its offset, an occurrence is a placement of the words at
/// distinct positions whose shifted values span at most `slop`; occurrences are counted by
/// their smallest shifted value (for slop 0: the positions where the exact phrase starts).
/// `lists` is scratch space, kept by the caller so that a document costs no allocation.
std::uint32_t phrase_frequency(std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& cursors,
                               const PhraseShape& shape,
                               std::vector<std::span<const Position>>& lists);
/// The same over each word's sorted positions; with `spans`, also each occurrence's first and
/// last position (for highlighting).
std::uint32_t phrase_occurrences(const std::vector<std::span<const Position>>& lists,
                                 const PhraseShape& shape,
                                 std::vector<std::pair<Position, Position>>* spans);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_PHRASE_SCORER_H_
