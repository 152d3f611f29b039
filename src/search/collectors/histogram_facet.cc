// Counts of the matches per bucket of a fixed width (numbers; dates in milliseconds) or of the
// UTC calendar (dates: day, month, year), labelled by the bucket's start.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "index/value_text.h"
#include "search/collectors/facet_collector.h"
#include "util/parse_number.h"

namespace trawl::search_internal {
namespace {

// Buckets a histogram may have: beyond, the interval is too narrow for the values.
constexpr std::size_t kMaxBuckets = 100'000;

class HistogramFacet final : public FacetCollector {
 public:
  enum class Calendar { kNone, kMonth, kYear };

  HistogramFacet(std::string name, std::uint32_t field, FieldType type, std::int64_t width,
                 Calendar calendar)
      : name_(std::move(name)), field_(field), type_(type), width_(width), calendar_(calendar) {}

  void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                     std::uint64_t base) override {
    FacetCollector::begin_segment(reader, segment, base);
    numbers_ = reader.field_values().numeric(field_);
  }
  void collect(DocId doc, MatchScore&) override {
    if (numbers_ == nullptr || !status_.ok()) return;
    if (Status s = numbers_->values(doc, values_); !s.ok()) return fail(std::move(s));
    starts_.clear();
    for (const std::int64_t value : values_) starts_.push_back(start_of(value));
    std::sort(starts_.begin(), starts_.end());
    starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());  // once per bucket
    for (const std::int64_t start : starts_) ++counts_[start];
    if (counts_.size() > kMaxBuckets) {
      fail(Status::invalid_argument("facet: a histogram of '" + name_ + "' with more than " +
                                    std::to_string(kMaxBuckets) + " buckets; widen the interval"));
    }
  }
  Result<FacetResult> result() override {
    TRAWL_RETURN_IF_ERROR(status_);
    FacetResult out;
    out.field = name_;
    for (const auto& [start, count] : counts_)
      out.counts.push_back({index_internal::format_value(type_, start), count});
    return out;
  }

 private:
  static std::int64_t floor_to(std::int64_t value, std::int64_t width) {
    std::int64_t rest = value % width;
    if (rest < 0) rest += width;
    return value - rest;
  }
  std::int64_t start_of(std::int64_t value) const {
    if (calendar_ == Calendar::kNone) return floor_to(value, width_);
    using namespace std::chrono;
    constexpr std::int64_t kDay = 86'400'000;
    // Values beyond the calendar's years are bucketed by day: they have no month to speak of.
    if (value < -62'167'219'200'000 || value > 253'402'300'799'999) return floor_to(value, kDay);
    const year_month_day date{sys_days{days{floor_to(value, kDay) / kDay}}};
    const year_month_day first =
        calendar_ == Calendar::kMonth ? date.year() / date.month() / 1 : date.year() / January / 1;
    return std::int64_t{sys_days{first}.time_since_epoch().count()} * kDay;
  }

  std::string name_;
  std::uint32_t field_;
  FieldType type_;
  std::int64_t width_;
  Calendar calendar_;
  const index_internal::NumericColumn* numbers_ = nullptr;
  std::vector<std::int64_t> values_, starts_;
  std::map<std::int64_t, std::uint64_t> counts_;
};

}  // namespace

Result<std::unique_ptr<FacetCollector>> make_histogram_facet(const FacetRequest& request,
                                                             std::uint32_t field, FieldType type) {
  const std::string& interval = request.interval;
  auto make = [&](std::int64_t width, HistogramFacet::Calendar calendar) {
    return std::unique_ptr<FacetCollector>(
        std::make_unique<HistogramFacet>(request.field, field, type, width, calendar));
  };
  if (type == FieldType::kDate) {
    if (interval == "day") return make(86'400'000, HistogramFacet::Calendar::kNone);
    if (interval == "month") return make(0, HistogramFacet::Calendar::kMonth);
    if (interval == "year") return make(0, HistogramFacet::Calendar::kYear);
  }
  const auto width = util::parse_number<std::int64_t>(interval);
  if (!width || *width <= 0) {
    return Status::invalid_argument(
        "facet: the histogram interval of '" + request.field + "' must be " +
        (type == FieldType::kDate ? "day, month, year or a positive number of milliseconds"
                                  : "a positive integer") +
        ", not '" + interval + "'");
  }
  return make(*width, HistogramFacet::Calendar::kNone);
}

}  // namespace trawl::search_internal
