#include "search/scorers.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <span>

namespace trawl::search_internal {
namespace {

// ---- term ---------------------------------------------------------------------------------

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

// ---- phrase -------------------------------------------------------------------------------

// Leapfrogs the phrase's cursors in one field to the next document containing every term.
DocId align(std::vector<std::unique_ptr<PostingsCursor>>& cursors, DocId target) {
  DocId candidate = target;
  for (;;) {
    bool aligned = true;
    for (auto& cursor : cursors) {
      cursor->next_geq(candidate);
      const DocId doc = cursor->docid();
      if (doc == kTerminated) return kTerminated;
      if (doc != candidate) {
        candidate = doc;
        aligned = false;
        break;
      }
    }
    if (aligned) return candidate;
  }
}

class PhraseScorer final : public Scorer {
 public:
  PhraseScorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
               std::vector<PhraseField> fields, PhraseShape shape)
      : segment_(segment),
        bm25_(std::move(bm25)),
        fields_(std::move(fields)),
        shape_(std::move(shape)),
        field_docs_(fields_.size(), 0),
        field_freqs_(fields_.size(), 0) {
    for (std::size_t f = 0; f < fields_.size(); ++f) find_from(f, 0);
    update();
  }
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_) return;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] < target) find_from(f, target);
    }
    update();
  }
  double score() override {
    double tf = 0;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] == doc_) tf += bm25_.field_weights[f] * field_freqs_[f];
    }
    return bm25_.score(tf, bm25_.length(segment_, doc_));
  }
  Status status() const override {
    for (const auto& field : fields_) {
      for (const auto& cursor : field.cursors) {
        if (cursor && !cursor->status().ok()) return cursor->status();
      }
    }
    return {};
  }

 private:
  // The next document >= target where the phrase occurs in field f.
  void find_from(std::size_t f, DocId target) {
    auto& cursors = fields_[f].cursors;
    if (cursors.empty() || std::any_of(cursors.begin(), cursors.end(),
                                       [](const auto& c) { return c == nullptr; })) {
      field_docs_[f] = kTerminated;
      return;
    }
    for (DocId doc = align(cursors, target); doc != kTerminated; doc = align(cursors, doc + 1)) {
      const std::uint32_t freq = phrase_frequency(cursors, shape_);
      if (freq > 0) {
        field_docs_[f] = doc;
        field_freqs_[f] = freq;
        return;
      }
    }
    field_docs_[f] = kTerminated;
  }
  void update() { doc_ = *std::min_element(field_docs_.begin(), field_docs_.end()); }

  const index_internal::SegmentReader& segment_;
  Bm25Term bm25_;
  std::vector<PhraseField> fields_;
  PhraseShape shape_;
  std::vector<DocId> field_docs_;
  std::vector<std::uint32_t> field_freqs_;
  DocId doc_ = kTerminated;
};

// ---- match all, boolean combinations ------------------------------------------------------

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

namespace {

// The smallest value of `list` (sorted) in [low, high] that `used` does not hold.
std::optional<Position> first_free(std::span<const Position> list, std::int64_t low,
                                   std::int64_t high, const std::vector<Position>& used) {
  if (high < 0) return std::nullopt;
  auto at = std::lower_bound(list.begin(), list.end(),
                             static_cast<Position>(std::max<std::int64_t>(low, 0)));
  for (; at != list.end() && *at <= high; ++at) {
    if (std::find(used.begin(), used.end(), *at) == used.end()) return *at;
  }
  return std::nullopt;
}

}  // namespace

std::uint32_t phrase_occurrences(const std::vector<std::span<const Position>>& lists,
                                 const PhraseShape& shape,
                                 std::vector<std::pair<Position, Position>>* spans) {
  const std::size_t n = lists.size();
  for (const auto& list : lists) {
    if (list.empty()) return 0;
  }
  auto shifted = [&](std::size_t i, std::size_t k) {
    return static_cast<std::int64_t>(lists[i][k]) - static_cast<std::int64_t>(shape.offsets[i]);
  };
  std::uint32_t matches = 0;
  if (shape.slop == 0) {
    // Values common to every list of shifted positions (the offsets differ, so the positions
    // of one occurrence are distinct even where a word repeats).
    std::vector<std::size_t> at(n, 0);
    for (;;) {
      std::int64_t high = shifted(0, at[0]);
      for (std::size_t i = 1; i < n; ++i) high = std::max(high, shifted(i, at[i]));
      bool equal = true;
      for (std::size_t i = 0; i < n; ++i) {
        while (shifted(i, at[i]) < high) {
          if (++at[i] >= lists[i].size()) return matches;
        }
        equal = equal && shifted(i, at[i]) == high;
      }
      if (!equal) continue;
      ++matches;
      if (spans != nullptr) spans->emplace_back(lists[0][at[0]], lists[n - 1][at[n - 1]]);
      for (std::size_t i = 0; i < n; ++i) {
        if (++at[i] >= lists[i].size()) return matches;
      }
    }
  }
  // Sloppy: every distinct shifted value v is tried as an occurrence's smallest, with each word
  // that can sit exactly there. The other words take, in query order, the first free position
  // in their window [v + offset, v + offset + slop]: words of one term have windows of equal
  // length ordered like their offsets, for which taking the earliest free position is optimal
  // (and words of different terms never compete for a position).
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < lists[i].size(); ++k) values.push_back(shifted(i, k));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<Position> used, chosen(n);
  for (const std::int64_t v : values) {
    bool found = false;
    for (std::size_t fixed = 0; fixed < n && !found; ++fixed) {
      const std::int64_t p = v + shape.offsets[fixed];
      if (p < 0 || !std::binary_search(lists[fixed].begin(), lists[fixed].end(),
                                       static_cast<Position>(p))) {
        continue;
      }
      chosen[fixed] = static_cast<Position>(p);
      bool placed = true;
      for (std::size_t i = 0; i < n && placed; ++i) {
        if (i == fixed) continue;
        // Positions taken by earlier words of the same term, and by the fixed word if it is one.
        used.clear();
        for (std::size_t j = 0; j < n; ++j) {
          if (j != i && (j < i || j == fixed) && shape.term[j] == shape.term[i]) {
            used.push_back(chosen[j]);
          }
        }
        const std::int64_t low = v + shape.offsets[i];
        auto q = first_free(lists[i], low, low + shape.slop, used);
        if (!q) placed = false;
        else chosen[i] = *q;
      }
      found = placed;
    }
    if (!found) continue;
    ++matches;
    if (spans != nullptr) {
      spans->emplace_back(*std::min_element(chosen.begin(), chosen.end()),
                          *std::max_element(chosen.begin(), chosen.end()));
    }
  }
  return matches;
}

std::uint32_t phrase_frequency(std::vector<std::unique_ptr<PostingsCursor>>& cursors,
                               const PhraseShape& shape) {
  std::vector<std::span<const Position>> lists;
  lists.reserve(cursors.size());
  for (const auto& cursor : cursors) {
    const Position* positions = cursor->positions();
    lists.emplace_back(positions, cursor->freq());  // freq() after positions(), which may fail
  }
  return phrase_occurrences(lists, shape, nullptr);
}

ScorerPtr make_term_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                           std::vector<std::unique_ptr<PostingsCursor>> cursors) {
  return std::make_unique<TermScorer>(segment, std::move(bm25), std::move(cursors));
}

ScorerPtr make_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                             std::vector<PhraseField> fields, PhraseShape shape) {
  return std::make_unique<PhraseScorer>(segment, std::move(bm25), std::move(fields),
                                        std::move(shape));
}

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
  constexpr std::size_t kHeapFrom = 16;
  return children.size() < kHeapFrom ? make_scan_disjunction(std::move(children), min_match)
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
