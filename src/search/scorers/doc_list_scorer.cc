#include "search/scorers/doc_list_scorer.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

class DocListScorer final : public Scorer {
 public:
  DocListScorer(std::vector<DocId> docs, double score) : docs_(std::move(docs)), score_(score) {}
  DocId doc() const noexcept override { return at_ < docs_.size() ? docs_[at_] : kTerminated; }
  void advance(DocId target) override { at_ = gallop(docs_, at_, target); }
  double score() override { return score_; }
  Status status() const override { return {}; }

 private:
  std::vector<DocId> docs_;
  double score_;
  std::size_t at_ = 0;
};

}  // namespace

std::size_t gallop(const std::vector<DocId>& docs, std::size_t at, DocId target) {
  if (at >= docs.size() || docs[at] >= target) return at;
  if (++at >= docs.size() || docs[at] >= target) return at;  // next(), the usual step
  // Gallop: conjunctions move a list's cursor in long jumps.
  std::size_t step = 1, low = at;
  while (low + step < docs.size() && docs[low + step] < target) {
    low += step;
    step *= 2;
  }
  const auto end =
      docs.begin() + static_cast<std::ptrdiff_t>(std::min(docs.size(), low + step + 1));
  return static_cast<std::size_t>(
      std::lower_bound(docs.begin() + static_cast<std::ptrdiff_t>(low), end, target) -
      docs.begin());
}

ScorerPtr make_doc_list_scorer(std::vector<DocId> docs, double score) {
  if (docs.empty()) return nullptr;
  return std::make_unique<DocListScorer>(std::move(docs), score);
}

}  // namespace trawl::search_internal
