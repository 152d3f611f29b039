// Facet collectors: each counts one FacetRequest over every matching document, in the same pass
// as the hits. One kind a file: value_facet.cc (most frequent values), range_facet.cc (given
// buckets), histogram_facet.cc (fixed or calendar intervals).
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_FACET_COLLECTOR_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_FACET_COLLECTOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "search/collectors/collector.h"
#include "trawl/index/schema.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

class FacetCollector : public Collector {
 public:
  /// The counts, once every segment has been collected.
  virtual Result<FacetResult> result() = 0;

 protected:
  void begin_segment(const index_internal::SegmentReader& reader, std::size_t,
                     std::uint64_t) override {
    reader_ = &reader;
  }
  void fail(Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  Status status() const override { return status_; }

  const index_internal::SegmentReader* reader_ = nullptr;
  Status status_;
};

/// The collector of `request`. InvalidArgument naming the problem: an unknown field, one of a
/// type the kind cannot count, bad edges or interval.
Result<std::unique_ptr<FacetCollector>> make_facet_collector(const FacetRequest& request,
                                                             const Schema& schema);

// The kinds' factories, in their files. `field` is the request's field's number, of a type the
// kind accepts.
std::unique_ptr<FacetCollector> make_value_facet(const FacetRequest& request, std::uint32_t field,
                                                 FieldType type);
Result<std::unique_ptr<FacetCollector>> make_range_facet(const FacetRequest& request,
                                                         std::uint32_t field, FieldType type);
Result<std::unique_ptr<FacetCollector>> make_histogram_facet(const FacetRequest& request,
                                                             std::uint32_t field, FieldType type);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_FACET_COLLECTOR_H_
