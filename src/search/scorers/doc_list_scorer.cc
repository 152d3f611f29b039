#include "search/scorers/doc_list_scorer.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

class DocListScorer final : public Scorer {
 public:
  DocListScorer(std::vector<DocId> docs, double score) : docs_(std::move(docs)), score_(score) {}
  DocId doc() const noexcept override { return at_ < docs_.size() ? docs_[at_] : kTerminated; }
  void advance(DocId target) override {
    if (at_ >= docs_.size() || docs_[at_] >= target) return;
    if (++at_ >= docs_.size() || docs_[at_] >= target) return;  // next(), the usual step
    // Gallop: conjunctions move a range's cursor in long jumps.
    std::size_t step = 1, low = at_;
    while (low + step < docs_.size() && docs_[low + step] < target) {
      low += step;
      step *= 2;
    }
    const auto end =
        docs_.begin() + static_cast<std::ptrdiff_t>(std::min(docs_.size(), low + step + 1));
    at_ = static_cast<std::size_t>(
        std::lower_bound(docs_.begin() + static_cast<std::ptrdiff_t>(low), end, target) -
        docs_.begin());
  }
  double score() override { return score_; }
  Status status() const override { return {}; }

 private:
  std::vector<DocId> docs_;
  double score_;
  std::size_t at_ = 0;
};

}  // namespace

ScorerPtr make_doc_list_scorer(std::vector<DocId> docs, double score) {
  if (docs.empty()) return nullptr;
  return std::make_unique<DocListScorer>(std::move(docs), score);
}

}  // namespace trawl::search_internal
