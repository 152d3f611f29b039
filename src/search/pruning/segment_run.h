// SegmentRun: the sink the pruning algorithms report one segment's evaluation to: which
// documents are live, the top-k collector whose k-th score is the threshold to beat, the count
// of matches, and the deadline.
#ifndef TRAWL_SRC_SEARCH_PRUNING_SEGMENT_RUN_H_
#define TRAWL_SRC_SEARCH_PRUNING_SEGMENT_RUN_H_

#include <cstddef>
#include <cstdint>

#include "index/deletions.h"
#include "index/segment_reader.h"
#include "search/collectors/top_scores.h"
#include "search/deadline.h"

namespace trawl::search_internal {

struct SegmentRun {
  const index_internal::SegmentReader& reader;
  const index_internal::DeletionSet* deleted;  // null: nothing deleted
  TopScores& top;
  std::uint64_t& matched;
  Deadline& deadline;

  bool live(DocId doc) const { return deleted == nullptr || !deleted->contains(doc); }
  /// Whether every document is live (then a block's documents need no test one by one).
  bool all_live() const { return deleted == nullptr; }
  /// The first document >= doc that may be collected at all (a filter's next; here every one).
  DocId next_allowed(DocId doc) const { return doc; }
  double threshold() const { return top.threshold(); }
  void offer(double score, DocId doc) { top.offer(score, doc); }
  /// The hits wanted (k), and whether a floor may be set (TopScores::raise_floor).
  std::size_t wanted() const { return top.capacity(); }
  bool may_raise_floor() const { return top.admits_all(); }
  void raise_floor(double score) { top.raise_floor(score); }
  /// One more live match (also one skipped as unable to make the top k).
  void count() { ++matched; }
  void count(std::uint64_t n) { matched += n; }
  bool expired() { return deadline.expired(); }
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_SEGMENT_RUN_H_
