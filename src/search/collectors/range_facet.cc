// Counts of the matches in given buckets [edges[i], edges[i+1]) of a numeric or date field.
#include <algorithm>

#include "index/value_text.h"
#include "search/collectors/facet_collector.h"

namespace trawl::search_internal {
namespace {

class RangeFacet final : public FacetCollector {
 public:
  RangeFacet(std::string name, std::uint32_t field, std::vector<std::int64_t> edges,
             std::vector<std::string> labels)
      : name_(std::move(name)),
        field_(field),
        edges_(std::move(edges)),
        labels_(std::move(labels)),
        counts_(edges_.size() - 1, 0),
        counted_for_(edges_.size() - 1, kNone) {}

  void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                     std::uint64_t base) override {
    FacetCollector::begin_segment(reader, segment, base);
    numbers_ = reader.field_values().numeric(field_);
    global_base_ = base;
  }
  void collect(DocId doc, MatchScore&) override {
    if (numbers_ == nullptr) return;
    if (Status s = numbers_->values(doc, values_); !s.ok()) return fail(std::move(s));
    const std::uint64_t global = global_base_ + doc;
    for (const std::int64_t value : values_) {
      // The bucket whose start is the last edge <= value, if value is before the last edge.
      const auto after = std::upper_bound(edges_.begin(), edges_.end(), value);
      if (after == edges_.begin() || after == edges_.end()) continue;
      const auto bucket = static_cast<std::size_t>(after - edges_.begin()) - 1;
      if (counted_for_[bucket] == global) continue;  // a document counts once per bucket
      counted_for_[bucket] = global;
      ++counts_[bucket];
    }
  }
  Result<FacetResult> result() override {
    TRAWL_RETURN_IF_ERROR(status_);
    FacetResult out;
    out.field = name_;
    for (std::size_t b = 0; b < counts_.size(); ++b) {
      out.counts.push_back({"[" + labels_[b] + "," + labels_[b + 1] + ")", counts_[b]});
    }
    return out;
  }

 private:
  static constexpr std::uint64_t kNone = UINT64_MAX;
  std::string name_;
  std::uint32_t field_;
  std::vector<std::int64_t> edges_;
  std::vector<std::string> labels_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint64_t> counted_for_;  // per bucket: the last document counted
  const index_internal::NumericColumn* numbers_ = nullptr;
  std::uint64_t global_base_ = 0;
  std::vector<std::int64_t> values_;
};

}  // namespace

Result<std::unique_ptr<FacetCollector>> make_range_facet(const FacetRequest& request,
                                                         std::uint32_t field, FieldType type) {
  if (request.edges.size() < 2) {
    return Status::invalid_argument("facet: ranges of '" + request.field +
                                    "' need at least two edges");
  }
  std::vector<std::int64_t> edges;
  for (const std::string& edge : request.edges) {
    auto parsed = index_internal::parse_value(type, edge);
    if (!parsed) return parsed.error().with_context("facet: ranges of '" + request.field + "'");
    const std::int64_t value = *parsed;
    if (!edges.empty() && value <= edges.back()) {
      return Status::invalid_argument("facet: ranges of '" + request.field +
                                      "': the edges must ascend ('" + edge + "')");
    }
    edges.push_back(value);
  }
  return std::unique_ptr<FacetCollector>(
      std::make_unique<RangeFacet>(request.field, field, std::move(edges), request.edges));
}

}  // namespace trawl::search_internal
