// WindowDisjunctionScorer: the documents matching any of a few words, scored a window of
// documents at a time (Lucene's BooleanScorer): each word in turn adds its scores for the
// window's documents into one bucket per document, and the matches are then read off in
// document order from a bitmap. Every posting costs one direct call and an add, with no
// per-document comparison of every word's cursor as the scan disjunction makes.
//
// For a search that needs every match of a bag of words (facets, sorting by fields, exact
// counts, deep pages): it scores every posting of the window, so it is the top-level scorer
// only (Weight::top_scorer); inside a conjunction, where most documents are skipped, the
// document-at-a-time disjunction stays. Scores are summed from zero in word order, as the scan
// disjunction sums them, so they are the same to the bit.
#ifndef TRAWL_SRC_SEARCH_SCORERS_WINDOW_DISJUNCTION_H_
#define TRAWL_SRC_SEARCH_SCORERS_WINDOW_DISJUNCTION_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "search/scorers/score_through.h"
#include "search/scorers/scorer.h"
#include "trawl/index/postings.h"
#include "util/bitmap.h"

namespace trawl::search_internal {

/// `Child`: a Scorer-shaped class called directly (doc, advance, next, score, status).
template <class Child>
class WindowDisjunctionScorer final : public Scorer {
 public:
  static constexpr DocId kWindow = 2048;

  explicit WindowDisjunctionScorer(std::vector<std::unique_ptr<Child>> children)
      : children_(std::move(children)) {
    fill(0);
  }
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_ || doc_ == kTerminated) return;
    if (target - start_ < kWindow && seek(target - start_)) return;
    fill(std::max<DocId>(target, start_ + kWindow));
  }
  double score() override { return sums_[doc_ - start_]; }
  Status status() const override {
    for (const auto& child : children_) {
      if (Status status = child->status(); !status.ok()) return status;
    }
    return {};
  }

 private:
  // Fills windows from `from` on until one holds a match (or every child is done).
  void fill(DocId from) {
    for (;;) {
      DocId first = kTerminated;
      for (auto& child : children_) {
        child->advance(from);
        first = std::min(first, child->doc());
      }
      if (first == kTerminated) {
        doc_ = kTerminated;
        return;
      }
      start_ = first;
      const DocId end = first > kTerminated - kWindow ? kTerminated : first + kWindow;
      bits_.fill(0);
      for (auto& child : children_) {
        score_through(*child, end - 1, [&](DocId doc, double score) {
          const DocId slot = doc - start_;
          if (!util::test_bit(bits_.data(), slot)) {
            util::set_bit(bits_.data(), slot);
            sums_[slot] = 0;
          }
          sums_[slot] += score;
        });
      }
      if (seek(0)) return;
      from = end;  // the window held only documents of failed children: on to the next
    }
  }
  // The first match at or after window slot `slot`; false if none is left in the window.
  bool seek(DocId slot) {
    const std::size_t next = util::next_set_bit(bits_.data(), bits_.size(), slot);
    if (next == SIZE_MAX) return false;
    doc_ = start_ + static_cast<DocId>(next);
    return true;
  }

  std::vector<std::unique_ptr<Child>> children_;
  DocId start_ = 0;
  DocId doc_ = 0;
  std::array<std::uint64_t, kWindow / 64> bits_{};
  std::array<double, kWindow> sums_{};
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_WINDOW_DISJUNCTION_H_
