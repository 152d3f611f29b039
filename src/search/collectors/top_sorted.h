// TopSorted: the best k documents in a sort order of fields (SortOrder), optionally only those
// after a cursor's position. Every match is scored and compared; scores stay on the hits.
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_TOP_SORTED_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_TOP_SORTED_H_

#include <algorithm>
#include <vector>

#include "search/collectors/collector.h"
#include "search/collectors/sort_order.h"

namespace trawl::search_internal {

class TopSorted final : public Collector {
 private:
  struct Entry {
    std::vector<SortValue> values;
    double score;
    std::uint64_t global;
    Hit hit;
  };
  // As the heap's "less": the front is the entry that ranks last.
  struct RanksBefore {
    const SortOrder* order;
    bool operator()(const Entry& a, const Entry& b) const {
      return order->compare(a.values, a.score, a.global, b.values, b.score, b.global) < 0;
    }
  };
  RanksBefore ranks_before() const { return RanksBefore{&order_}; }

 public:
  /// `after` (may be null) outlives the collector.
  TopSorted(const SortOrder& order, std::size_t k, const SortPosition* after)
      : order_(order), k_(k), after_(after) {}

  void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                     std::uint64_t base) override {
    columns_ = order_.columns(reader);
    segment_ = segment;
    base_ = base;
  }
  void collect(DocId doc, MatchScore& match) override {
    if (k_ == 0 || !status_.ok()) return;
    if (Status status = order_.values(columns_, doc, scratch_); !status.ok()) {
      status_ = std::move(status);
      return;
    }
    // The field keys rule most documents out before their score is computed.
    if (after_ != nullptr && order_.compare_fields(scratch_, after_->values) < 0) return;
    if (heap_.size() == k_ && order_.compare_fields(scratch_, heap_.front().values) > 0) return;
    const double score = match.get();
    const std::uint64_t global = base_ + doc;
    if (after_ != nullptr &&
        order_.compare(scratch_, score, global, after_->values, after_->score, after_->global) <= 0) {
      return;
    }
    if (heap_.size() == k_) {
      const Entry& worst = heap_.front();
      if (order_.compare(scratch_, score, global, worst.values, worst.score, worst.global) >= 0) {
        return;
      }
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before());
      heap_.pop_back();
    }
    heap_.push_back(Entry{scratch_, score, global, Hit{segment_, doc, score}});
    std::push_heap(heap_.begin(), heap_.end(), ranks_before());
  }
  Status status() const override { return status_; }

  /// The hits, best first.
  std::vector<Hit> take() {
    std::sort_heap(heap_.begin(), heap_.end(), ranks_before());
    std::vector<Hit> hits;
    hits.reserve(heap_.size());
    for (const Entry& entry : heap_) hits.push_back(entry.hit);
    heap_.clear();
    return hits;
  }

 private:
  const SortOrder& order_;
  std::size_t k_;
  const SortPosition* after_;
  SortOrder::Columns columns_;  // of the current segment
  std::size_t segment_ = 0;
  std::uint64_t base_ = 0;
  std::vector<SortValue> scratch_;
  std::vector<Entry> heap_;
  Status status_;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_TOP_SORTED_H_
