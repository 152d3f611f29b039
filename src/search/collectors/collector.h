// Collector: what a search does with the matching documents, apart from how they are found
// (Lucene's Collector, tantivy's). The evaluation calls collect() for every live match of each
// segment in document order; a collector keeps the best hits, counts, or tallies values.
// Several collectors are combined in one pass by MultiCollector.
//
// To add one: implement begin_segment() (the segment's reader and its place in document order)
// and collect(); say with needs_every_match() whether dynamic pruning may skip documents that
// cannot enter the top k by score (a facet or a sort by field needs every match). A match's score
// is computed only if a collector asks for it (MatchScore): a facet never does, a sort by
// fields only for documents its keys cannot already rule out.
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_COLLECTOR_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_COLLECTOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/scorer.h"
#include "trawl/types.h"

namespace trawl::search_internal {

/// The score of the match being collected, computed the first time a collector asks for it.
class MatchScore {
 public:
  explicit MatchScore(Scorer& scorer) : scorer_(&scorer) {}
  /// A known score (the pruning algorithms have computed it already).
  explicit MatchScore(double score) : value_(score), known_(true) {}
  double get() {
    if (!known_) {
      value_ = scorer_->score();
      known_ = true;
    }
    return value_;
  }

 private:
  Scorer* scorer_ = nullptr;
  double value_ = 0;
  bool known_ = false;
};

class Collector {
 public:
  virtual ~Collector() = default;
  /// The documents of segment `segment` (whose first document is `base` in the snapshot's
  /// document order) come next.
  virtual void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                             std::uint64_t base) = 0;
  /// A live document of the current segment that matched, and (on demand) its score.
  virtual void collect(DocId doc, MatchScore& score) = 0;
  /// Whether every match must reach collect(); false lets top-k pruning skip documents whose
  /// score cannot beat the k-th best.
  virtual bool needs_every_match() const { return true; }
  /// OK, or the first failure met reading values (collect() cannot return one).
  virtual Status status() const { return {}; }
};

/// Hands every document to each of several collectors, in order.
class MultiCollector final : public Collector {
 public:
  explicit MultiCollector(std::vector<Collector*> collectors)
      : collectors_(std::move(collectors)) {}
  void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                     std::uint64_t base) override {
    for (Collector* c : collectors_) c->begin_segment(reader, segment, base);
  }
  void collect(DocId doc, MatchScore& score) override {
    for (Collector* c : collectors_) c->collect(doc, score);
  }
  bool needs_every_match() const override {
    for (const Collector* c : collectors_) {
      if (c->needs_every_match()) return true;
    }
    return false;
  }
  Status status() const override {
    for (const Collector* c : collectors_) TRAWL_RETURN_IF_ERROR(c->status());
    return {};
  }

 private:
  std::vector<Collector*> collectors_;  // not owned
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_COLLECTOR_H_
