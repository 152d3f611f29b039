// The scorer of one term over one or several fields scored as one text (BM25, tf summed with
// the field weights).
#ifndef TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_

#include <algorithm>
#include <memory>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/scorer.h"
#include "search/similarity/bm25.h"
#include "trawl/index/postings.h"

namespace trawl::search_internal {

/// Documents containing the term in any of bm25.fields. `cursors` aligned with bm25.fields
/// (null where the segment lacks the term). Final, over the final postings cursor: the pruning
/// templates, which hold it by its own type, call it without virtual dispatch.
class TermScorer final : public Scorer {
 public:
  TermScorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
             std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors)
      : segment_(segment),
        bm25_(std::move(bm25)),
        kernel_(bm25_.kernel()),
        cursors_(std::move(cursors)) {
    update();
  }
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_) return;
    for (auto& cursor : cursors_) {
      if (cursor) cursor->next_geq(target);
    }
    update();
  }
  double score() override {
    double tf = 0;
    for (std::size_t i = 0; i < cursors_.size(); ++i) {
      if (cursors_[i] && cursors_[i]->docid() == doc_) {
        tf += bm25_.field_weights[i] * cursors_[i]->freq();
      }
    }
    return kernel_.score(tf, bm25_.length(segment_, doc_));
  }
  Status status() const override {
    for (const auto& cursor : cursors_) {
      if (cursor && !cursor->status().ok()) return cursor->status();
    }
    return {};
  }

 private:
  void update() {
    doc_ = kTerminated;
    for (const auto& cursor : cursors_) {
      if (cursor) doc_ = std::min(doc_, cursor->docid());
    }
  }

  const index_internal::SegmentReader& segment_;
  Bm25Term bm25_;
  Bm25Kernel kernel_;
  std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors_;
  DocId doc_ = kTerminated;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_TERM_SCORER_H_
