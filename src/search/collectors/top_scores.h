// TopScores: the best k documents by score, ties in document order. It is the collector the
// pruning algorithms feed directly (their threshold is its k-th score).
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_

#include <algorithm>
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
      : k_(k), after_(after) {}

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
  bool full() const { return k_ > 0 && heap_.size() == k_; }
  /// Whether document `doc` of the current segment scoring `score` ranks after the cursor, if
  /// there is one.
  bool admits(double score, DocId doc) const {
    return !after_ || score < after_->first ||
           (score == after_->first && base_ + doc > after_->second);
  }
  std::size_t capacity() const { return k_; }
  /// Document `doc` of the current segment scored `score`.
  void offer(double score, DocId doc) {
    // Most offers of an exhaustive search lose to the worst kept hit: turned away first, in a
    // compare (a later document never wins a tie, and a cursor cannot admit it either).
    if (score < threshold_) return;
    if (k_ == 0) return;
    if (!admits(score, doc)) return;
    const Candidate candidate{score, base_ + doc, Hit{segment_, doc, 0}};
    if (heap_.size() < k_) {
      heap_.push_back(candidate);
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore{});
    } else if (RanksBefore{}(candidate, heap_.front())) {
      replace_worst(candidate);
    } else {
      return;
    }
    if (full()) threshold_ = heap_.front().score;
  }
  /// The hits, best first.
  std::vector<Hit> take() {
    std::sort(heap_.begin(), heap_.end(), RanksBefore{});
    std::vector<Hit> hits;
    hits.reserve(heap_.size());
    for (Candidate& candidate : heap_) {
      candidate.hit.score = static_cast<Score>(candidate.score);
      hits.push_back(candidate.hit);
    }
    heap_.clear();
    threshold_ = -std::numeric_limits<double>::infinity();
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

  // The worst kept candidate gives way to `better`: one sift down from the top, where a pop and
  // a push would sift twice (offers are most of a term query's collection cost).
  void replace_worst(const Candidate& better) {
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (std::size_t child = 1; child < n; child = 2 * hole + 1) {
      if (child + 1 < n && RanksBefore{}(heap_[child], heap_[child + 1])) ++child;
      if (!RanksBefore{}(better, heap_[child])) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = better;
  }

  std::size_t k_;
  std::optional<std::pair<double, std::uint64_t>> after_;
  std::size_t segment_ = 0;
  std::uint64_t base_ = 0;
  std::vector<Candidate> heap_;  // a binary heap, the worst kept candidate on top
  // The worst kept score once k are kept, else -infinity: read for every offer and by the
  // pruning algorithms for every block, so kept at hand rather than derived from the heap.
  double threshold_ = -std::numeric_limits<double>::infinity();
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_TOP_SCORES_H_
