// FieldTermScorer: a term held by one field of its group in a segment, over that field's
// postings cursor directly. The pruning templates (src/search/pruning/) run on it where every
// word of a query is held by one field, which is every word of a one-field index: the term
// scorer's virtual calls, its loop over fields and its cursor's virtual calls all go, since
// BlockPostingsCursor is final. Scores are the term scorer's to the bit (the same expressions).
#ifndef TRAWL_SRC_SEARCH_SCORERS_FIELD_TERM_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_FIELD_TERM_SCORER_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "index/segment_reader.h"
#include "search/similarity/bm25.h"
#include "search/similarity/bm25_block.h"
#include "trawl/status.h"

namespace trawl::search_internal {

/// BM25 over a group of fields for a term or phrase found in one of them (`field`, its index
/// in bm25.fields): tf is that field's count, weighted; the length is every field of the group,
/// weighted and summed in the group's order, as the term and phrase scorers compute them, so
/// the scores are theirs to the bit. `bm25` must outlive it.
class FieldBm25 {
 public:
  FieldBm25(const index_internal::SegmentReader& segment, const Bm25Term& bm25, std::size_t field)
      : segment_(&segment),
        bm25_(&bm25),
        kernel_(bm25.kernel()),
        lengths_(segment.field_lengths(bm25.fields[field])),
        weight_(bm25.field_weights[field]),
        one_field_(bm25.fields.size() == 1) {}

  /// The score of `doc` with `freq` occurrences in the field; a bound, given a bound on freq.
  /// Runs for every scored document: a one-field group's length is read through the field's
  /// column and weight kept here (what Bm25Term::length computes, without its loop and the
  /// checks of every call; measured 2-4% of a term or deep-page query's instructions).
  double score(std::uint32_t freq, DocId doc) const {
    const double tf = weight_ * freq;
    const double dl = one_field_ ? weight_ * lengths_(doc) : bm25_->length(*segment_, doc);
    return kernel_.score(tf, dl);
  }
  /// score(freqs_minus_one[i] + 1, docs[i]) into out[i] for i < n: a decoded block at once (its
  /// documents are below the segment's count), through bm25_one_field_block (AVX2 where the
  /// processor has it).
  void score_block(const DocId* docs, const std::uint32_t* freqs_minus_one, std::uint32_t n,
                   double* out) const {
    if (!one_field_ || !lengths_.text()) {
      for (std::uint32_t i = 0; i < n; ++i) out[i] = score(freqs_minus_one[i] + 1, docs[i]);
      return;
    }
    bm25_one_field_block(kernel_, weight_, lengths_, docs, freqs_minus_one, n, out);
  }
  /// No document of a block with these impacts scores more: the best of their pairs.
  double bound(const index_internal::Impacts& impacts) const {
    return kernel_.bound(weight_, impacts);
  }
  /// No document with at most `max_freq` occurrences and a field length of at least
  /// `min_length` scores more (the group's length is never below the field's).
  double bound(std::uint32_t max_freq, std::uint32_t min_length) const {
    return kernel_.score(weight_ * max_freq, weight_ * min_length);
  }

 private:
  const index_internal::SegmentReader* segment_;
  const Bm25Term* bm25_;
  Bm25Kernel kernel_;
  index_internal::SegmentReader::FieldLengths lengths_;
  double weight_;
  bool one_field_;
};

class FieldTermScorer {
 public:
  FieldTermScorer(const index_internal::SegmentReader& segment, const Bm25Term& bm25,
                  std::size_t field, std::unique_ptr<index_internal::BlockPostingsCursor> cursor)
      : bm25_(segment, bm25, field), cursor_(std::move(cursor)) {}

  DocId doc() const noexcept { return cursor_->docid(); }
  void advance(DocId target) { cursor_->next_geq(target); }
  void next() { cursor_->next(); }
  double score() { return bm25_.score(cursor_->freq(), cursor_->docid()); }
  Status status() const { return cursor_->status(); }

  /// Calls fn(doc, score) for each document from the current one through `last`, in order, and
  /// leaves the cursor on the first after `last`: a decoded block's run scored at once
  /// (FieldBm25::score_block), without a call per document. For loops that read every posting
  /// of a range (score_through() in scorers/score_through.h).
  template <class Fn>
  void score_through(DocId last, Fn&& fn) {
    score_spans(last, [&](const DocId* docs, const double* scores, std::uint32_t n) {
      for (std::uint32_t i = 0; i < n; ++i) fn(docs[i], scores[i]);
      return true;
    });
  }
  /// The same a decoded block's run at a time: fn(docs, scores, n) (score_spans() in
  /// scorers/score_through.h).
  template <class Fn>
  void score_spans(DocId last, Fn&& fn) {
    index_internal::BlockPostingsCursor& cursor = *cursor_;
    std::array<double, util::kBlockSize> scores;
    while (cursor.docid() <= last && cursor.load_block()) {
      const std::uint32_t begin = cursor.block_index();
      const DocId* docs = cursor.block_docs();
      std::uint32_t end = cursor.block_size();
      if (docs[end - 1] > last) {
        end = static_cast<std::uint32_t>(std::upper_bound(docs + begin, docs + end, last) - docs);
      }
      bm25_.score_block(docs + begin, cursor.block_freqs_minus_one() + begin, end - begin,
                        scores.data());
      if (!fn(docs + begin, static_cast<const double*>(scores.data()), end - begin)) return;
      cursor.skip_to_index(end);
    }
  }

  /// Moves the cursor's block, not its document, on to the one holding the first document from
  /// `target` on, decoding nothing (Lucene's advanceShallow): block_bound() and
  /// block_last_doc() then tell of it, and the next advance() lands in it or after. False past
  /// the last block (the cursor is then terminated) or on corruption.
  bool shallow_advance(DocId target) {
    index_internal::BlockPostingsCursor& cursor = *cursor_;
    while (cursor.block_last_doc() < target) {
      if (!cursor.next_block()) return false;
    }
    return true;
  }
  DocId block_last_doc() const noexcept { return cursor_->block_last_doc(); }

  const FieldBm25& bm25() const noexcept { return bm25_; }
  /// No document of the cursor's current block scores more: the best of its impacts.
  double block_bound() const { return bm25_.bound(cursor_->block_impacts()); }
  index_internal::BlockPostingsCursor& postings() noexcept { return *cursor_; }

 private:
  FieldBm25 bm25_;
  std::unique_ptr<index_internal::BlockPostingsCursor> cursor_;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_FIELD_TERM_SCORER_H_
