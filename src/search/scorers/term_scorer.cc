#include "search/scorers/term_scorer.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

class TermScorer final : public Scorer {
 public:
  TermScorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
             std::vector<std::unique_ptr<PostingsCursor>> cursors)
      : segment_(segment), bm25_(std::move(bm25)), cursors_(std::move(cursors)) {
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
    return bm25_.score(tf, bm25_.length(segment_, doc_));
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
  std::vector<std::unique_ptr<PostingsCursor>> cursors_;
  DocId doc_ = kTerminated;
};

}  // namespace

ScorerPtr make_term_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                           std::vector<std::unique_ptr<PostingsCursor>> cursors) {
  return std::make_unique<TermScorer>(segment, std::move(bm25), std::move(cursors));
}

}  // namespace trawl::search_internal
