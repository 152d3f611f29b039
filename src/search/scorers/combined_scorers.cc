#include "search/scorers/combined_scorers.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

class MatchAllScorer final : public Scorer {
 public:
  MatchAllScorer(DocId doc_count, double score)
      : count_(doc_count), score_(score), doc_(doc_count == 0 ? kTerminated : 0) {}
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_) return;
    doc_ = target < count_ ? target : kTerminated;
  }
  double score() override { return score_; }
  Status status() const override { return {}; }

 private:
  DocId count_;
  double score_;
  DocId doc_;
};

// A scorer over child scorers: keeps the current document and reports the children's failures.
// Subclasses define settle(target): move to their first matching document >= target.
class CombinedScorer : public Scorer {
 public:
  DocId doc() const noexcept final { return doc_; }
  void advance(DocId target) final {
    if (target > doc_) settle(target);
  }
  Status status() const final {
    for (const auto& child : children_) TRAWL_RETURN_IF_ERROR(child->status());
    return {};
  }

 protected:
  explicit CombinedScorer(std::vector<ScorerPtr> children) : children_(std::move(children)) {}
  virtual void settle(DocId target) = 0;

  std::vector<ScorerPtr> children_;
  DocId doc_ = kTerminated;
};

// Documents matching at least min_match children, for a few children: every child is looked
// at for every document, which beats any bookkeeping when there are a handful.
class ScanDisjunctionScorer final : public CombinedScorer {
 public:
  ScanDisjunctionScorer(std::vector<ScorerPtr> children, std::size_t min_match)
      : CombinedScorer(std::move(children)), min_match_(std::max<std::size_t>(1, min_match)) {
    settle(0);
  }
  double score() override {
    double sum = 0;
    for (auto& child : children_) {
      if (child->doc() == doc_) sum += child->score();
    }
    return sum;
  }

 private:
  void settle(DocId target) override {
    for (;;) {
      DocId smallest = kTerminated;
      for (auto& child : children_) {
        child->advance(target);
        smallest = std::min(smallest, child->doc());
      }
      if (smallest == kTerminated) {
        doc_ = kTerminated;
        return;
      }
      std::size_t matching = 0;
      for (const auto& child : children_) {
        if (child->doc() == smallest) ++matching;
      }
      if (matching >= min_match_) {
        doc_ = smallest;
        return;
      }
      target = smallest + 1;
    }
  }

  std::size_t min_match_;
};

// The same for many children: those not on the current document wait in a min-heap by
// document, so moving costs O(log children) per child that moves, not a scan of every child per
// document: a query of 100,000 words stays linear in its postings.
class HeapDisjunctionScorer final : public CombinedScorer {
 public:
  HeapDisjunctionScorer(std::vector<ScorerPtr> children, std::size_t min_match)
      : CombinedScorer(std::move(children)), min_match_(std::max<std::size_t>(1, min_match)) {
    heap_.reserve(children_.size());
    for (std::uint32_t c = 0; c < children_.size(); ++c) push(c);
    settle(0);
  }
  double score() override {
    // Summed in child order, as before the heap: pruned and exhaustive paths must agree to the
    // last bit, and floating-point addition is not associative.
    std::sort(current_.begin(), current_.end());
    double sum = 0;
    for (const std::uint32_t c : current_) sum += children_[c]->score();
    return sum;
  }

 private:
  // The first document >= target matched by at least min_match children.
  void settle(DocId target) override {
    for (;;) {
      for (const std::uint32_t c : current_) {
        children_[c]->advance(target);
        push(c);
      }
      current_.clear();
      while (!heap_.empty() && doc_of(heap_.front()) < target) {
        const std::uint32_t c = pop();
        children_[c]->advance(target);
        push(c);
      }
      if (heap_.empty()) {
        doc_ = kTerminated;
        return;
      }
      const DocId smallest = doc_of(heap_.front());
      while (!heap_.empty() && doc_of(heap_.front()) == smallest) current_.push_back(pop());
      if (current_.size() >= min_match_) {
        doc_ = smallest;
        return;
      }
      target = smallest + 1;
    }
  }

  DocId doc_of(std::uint32_t c) const { return children_[c]->doc(); }
  // The heap keeps the child with the smallest document in front (ties: the lower index).
  bool later(std::uint32_t a, std::uint32_t b) const {
    return doc_of(a) != doc_of(b) ? doc_of(a) > doc_of(b) : a > b;
  }
  void push(std::uint32_t c) {
    if (doc_of(c) == kTerminated) return;
    heap_.push_back(c);
    std::push_heap(heap_.begin(), heap_.end(), [this](auto a, auto b) { return later(a, b); });
  }
  std::uint32_t pop() {
    std::pop_heap(heap_.begin(), heap_.end(), [this](auto a, auto b) { return later(a, b); });
    const std::uint32_t c = heap_.back();
    heap_.pop_back();
    return c;
  }

  std::size_t min_match_;
  std::vector<std::uint32_t> heap_;     // children after the current document
  std::vector<std::uint32_t> current_;  // children on the current document
};

class ConjunctionScorer final : public CombinedScorer {
 public:
  ConjunctionScorer(std::vector<ScorerPtr> children, std::vector<bool> scoring)
      : CombinedScorer(std::move(children)), scoring_(std::move(scoring)) {
    settle(0);
  }
  double score() override {
    double sum = 0;
    for (std::size_t i = 0; i < children_.size(); ++i) {
      if (scoring_[i]) sum += children_[i]->score();
    }
    return sum;
  }

 private:
  void settle(DocId target) override {
    DocId candidate = target;
    for (;;) {
      bool aligned = true;
      for (auto& child : children_) {
        child->advance(candidate);
        if (child->doc() == kTerminated) {
          doc_ = kTerminated;
          return;
        }
        if (child->doc() != candidate) {
          candidate = child->doc();
          aligned = false;
          break;
        }
      }
      if (aligned) {
        doc_ = candidate;
        return;
      }
    }
  }

  std::vector<bool> scoring_;
};

class RequiredOptionalScorer final : public Scorer {
 public:
  RequiredOptionalScorer(ScorerPtr required, ScorerPtr optional)
      : required_(std::move(required)), optional_(std::move(optional)) {}
  DocId doc() const noexcept override { return required_->doc(); }
  void advance(DocId target) override { required_->advance(target); }
  double score() override {
    double sum = required_->score();
    optional_->advance(doc());
    if (optional_->doc() == doc()) sum += optional_->score();
    return sum;
  }
  Status status() const override {
    TRAWL_RETURN_IF_ERROR(required_->status());
    return optional_->status();
  }

 private:
  ScorerPtr required_, optional_;
};

class ExclusionScorer final : public Scorer {
 public:
  ExclusionScorer(ScorerPtr required, ScorerPtr excluded)
      : required_(std::move(required)), excluded_(std::move(excluded)) {
    skip_excluded();
  }
  DocId doc() const noexcept override { return required_->doc(); }
  void advance(DocId target) override {
    required_->advance(target);
    skip_excluded();
  }
  double score() override { return required_->score(); }
  Status status() const override {
    TRAWL_RETURN_IF_ERROR(required_->status());
    return excluded_->status();
  }

 private:
  void skip_excluded() {
    while (required_->doc() != kTerminated) {
      excluded_->advance(required_->doc());
      if (excluded_->doc() != required_->doc()) return;
      required_->next();
    }
  }
  ScorerPtr required_, excluded_;
};

class BoostedScorer final : public Scorer {
 public:
  BoostedScorer(ScorerPtr inner, double factor) : inner_(std::move(inner)), factor_(factor) {}
  DocId doc() const noexcept override { return inner_->doc(); }
  void advance(DocId target) override { inner_->advance(target); }
  double score() override { return factor_ * inner_->score(); }
  Status status() const override { return inner_->status(); }

 private:
  ScorerPtr inner_;
  double factor_;
};

class FailedScorer final : public Scorer {
 public:
  explicit FailedScorer(Status status) : status_(std::move(status)) {}
  DocId doc() const noexcept override { return kTerminated; }
  void advance(DocId) override {}
  double score() override { return 0; }
  Status status() const override { return status_; }

 private:
  Status status_;
};

}  // namespace

ScorerPtr make_failed_scorer(Status status) { return std::make_unique<FailedScorer>(std::move(status)); }

ScorerPtr make_match_all_scorer(DocId doc_count, double score) {
  return std::make_unique<MatchAllScorer>(doc_count, score);
}

ScorerPtr make_scan_disjunction(std::vector<ScorerPtr> children, std::size_t min_match) {
  return std::make_unique<ScanDisjunctionScorer>(std::move(children), min_match);
}

ScorerPtr make_heap_disjunction(std::vector<ScorerPtr> children, std::size_t min_match) {
  return std::make_unique<HeapDisjunctionScorer>(std::move(children), min_match);
}

ScorerPtr make_disjunction(std::vector<ScorerPtr> children, std::size_t min_match) {
  // Where the heap starts to pay (BM_Search_Or with exact counts: 2-4 words are 35% slower
  // with it; BM_Search_Long: 256 words are 3x faster).
  return children.size() < kHeapDisjunctionFrom ? make_scan_disjunction(std::move(children), min_match)
                                     : make_heap_disjunction(std::move(children), min_match);
}

ScorerPtr make_conjunction(std::vector<ScorerPtr> children, std::vector<bool> scoring) {
  return std::make_unique<ConjunctionScorer>(std::move(children), std::move(scoring));
}

ScorerPtr make_required_optional(ScorerPtr required, ScorerPtr optional) {
  return std::make_unique<RequiredOptionalScorer>(std::move(required), std::move(optional));
}

ScorerPtr make_exclusion(ScorerPtr required, ScorerPtr excluded) {
  return std::make_unique<ExclusionScorer>(std::move(required), std::move(excluded));
}

ScorerPtr make_boosted(ScorerPtr inner, double factor) {
  return std::make_unique<BoostedScorer>(std::move(inner), factor);
}

}  // namespace trawl::search_internal
