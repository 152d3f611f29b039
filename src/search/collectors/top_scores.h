// TopScores: the best k documents by score, ties in document order. It is the collector the
// pruning algorithms feed directly (their threshold is its k-th score).
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "search/collectors/collector.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

class TopScores final : public Collector {
 public:
  /// Only documents ranking after `after` (a score and a place in the snapshot, from a cursor)
  /// are kept, if given: pruning stays exact, since a skipped document scores at most the k-th.
  explicit TopScores(std::size_t k, std::optional<std::pair<double, std::uint64_t>> after = {})
      : k_(k), after_(after), select_(k >= kSelectFrom) {
    // The heap's room at once: growing it by doubling was four allocations a top-10 query.
    if (!select_) kept_.reserve(k_);
  }

  void begin_segment(const index_internal::SegmentReader&, std::size_t segment,
                     std::uint64_t base) override {
    segment_ = segment;
    base_ = base;
  }
  void collect(DocId doc, MatchScore& score) override { offer(score.get(), doc); }
  bool needs_every_match() const override { return false; }

  /// The score a new document must beat (equal is not enough: it would come later in document
  /// order than every kept candidate of that score); -infinity until k are kept.
  double threshold() const { return threshold_; }
  bool full() const { return k_ > 0 && kept_.size() >= k_; }
  /// Whether document `doc` of the current segment scoring `score` ranks after the cursor, if
  /// there is one.
  bool admits(double score, DocId doc) const {
    return !after_ || score < after_->first ||
           (score == after_->first && base_ + doc > after_->second);
  }
  std::size_t capacity() const { return k_; }
  /// Whether every match may be kept (no cursor to rank after), as raise_floor() requires.
  bool admits_all() const { return !after_; }
  /// At least k live matches of the query are known to score `score` or more, so nothing below
  /// it can be a hit: the threshold starts there rather than at -infinity, and the pruning
  /// algorithms pass over what cannot reach it from the first document on. A match scoring
  /// exactly `score` may still enter (it may come earlier in document order than the k-th
  /// kept), so the floor is the double just below. REQUIRES: admits_all().
  void raise_floor(double score) {
    if (k_ == 0) return;
    const double floor = std::nextafter(score, -std::numeric_limits<double>::infinity());
    if (floor <= floor_) return;
    floor_ = floor;
    threshold_ = std::max(threshold_, floor_);
  }
  /// Document `doc` of the current segment scored `score`.
  void offer(double score, DocId doc) {
    // Most offers of an exhaustive search lose to the worst kept hit: turned away first, in a
    // compare (a later document never wins a tie, and a cursor cannot admit it either).
    if (score < threshold_) return;
    if (k_ == 0) return;
    if (!admits(score, doc)) return;
    const Candidate candidate{score, base_ + doc, Hit{segment_, doc, 0}};
    if (select_) {
      kept_.push_back(candidate);
      if (kept_.size() == 2 * k_) keep_best();
      return;
    }
    if (kept_.size() < k_) {
      kept_.push_back(candidate);
      std::push_heap(kept_.begin(), kept_.end(), RanksBefore{});
    } else if (RanksBefore{}(candidate, kept_.front())) {
      replace_worst(candidate);
    } else {
      return;
    }
    if (full()) threshold_ = std::max(kept_.front().score, floor_);
  }
  /// The hits, best first.
  std::vector<Hit> take() {
    if (select_ && kept_.size() > k_) keep_best();
    std::sort(kept_.begin(), kept_.end(), RanksBefore{});
    std::vector<Hit> hits;
    hits.reserve(kept_.size());
    for (Candidate& candidate : kept_) {
      candidate.hit.score = static_cast<Score>(candidate.score);
      hits.push_back(candidate.hit);
    }
    kept_.clear();
    threshold_ = floor_ = -std::numeric_limits<double>::infinity();
    return hits;
  }

 private:
  struct Candidate {
    double score;
    std::uint64_t global;  // document order across segments, for ties
    Hit hit;
  };
  // a ranks before b: higher score, then earlier document. As the heap's "less", it puts the
  // worst candidate kept on top.
  struct RanksBefore {
    bool operator()(const Candidate& a, const Candidate& b) const {
      if (a.score != b.score) return a.score > b.score;
      return a.global < b.global;
    }
  };

  // From this many hits on, candidates are gathered in a buffer of 2k and cut to the best k
  // when it fills (std::nth_element: linear), where a heap would sift log k levels for every
  // hit that enters, which in a deep page is most (callgrind, 250 ORs at offset 1000: 3.78M
  // instructions a query with the heap, 3.33M with the buffer).
  static constexpr std::size_t kSelectFrom = 128;

  // The buffer's best k, the k-th of them at kept_[k - 1], its score the threshold.
  void keep_best() {
    std::nth_element(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(k_ - 1),
                     kept_.end(), RanksBefore{});
    kept_.resize(k_);
    threshold_ = std::max(kept_[k_ - 1].score, floor_);
  }

  // The worst kept candidate gives way to `better`: one sift down from the top, where a pop and
  // a push would sift twice (offers are most of a term query's collection cost).
  void replace_worst(const Candidate& better) {
    const std::size_t n = kept_.size();
    std::size_t hole = 0;
    for (std::size_t child = 1; child < n; child = 2 * hole + 1) {
      if (child + 1 < n && RanksBefore{}(kept_[child], kept_[child + 1])) ++child;
      if (!RanksBefore{}(better, kept_[child])) break;
      kept_[hole] = kept_[child];
      hole = child;
    }
    kept_[hole] = better;
  }

  std::size_t k_;
  std::optional<std::pair<double, std::uint64_t>> after_;
  std::size_t segment_ = 0;
  std::uint64_t base_ = 0;
  bool select_;  // k >= kSelectFrom: kept_ is a buffer of up to 2k, else a heap of up to k
  // The best candidates so far: a binary heap with the worst on top, or the select buffer.
  std::vector<Candidate> kept_;
  // The worst kept score once k are kept, else -infinity, and never below the floor: read for
  // every offer and by the pruning algorithms for every block, so kept at hand rather than
  // derived from the heap.
  double threshold_ = -std::numeric_limits<double>::infinity();
  double floor_ = -std::numeric_limits<double>::infinity();  // see raise_floor()
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_
