// The most frequent values of a field among the matches. Keyword values are counted per
// segment by ordinal (an array, no hashing per document) and turned into text once per segment.
#include <algorithm>
#include <array>
#include <map>

#include "index/value_text.h"
#include "search/collectors/facet_collector.h"

namespace trawl::search_internal {
namespace {

class ValueFacet final : public FacetCollector {
 public:
  ValueFacet(const FacetRequest& request, std::uint32_t field, FieldType type)
      : name_(request.field), size_(request.size), field_(field), type_(type) {}

  void begin_segment(const index_internal::SegmentReader& reader, std::size_t segment,
                     std::uint64_t base) override {
    flush();
    FacetCollector::begin_segment(reader, segment, base);
    keywords_ = reader.field_values().keyword(field_);
    numbers_ = reader.field_values().numeric(field_);
    if (keywords_ != nullptr) ordinal_counts_.assign(keywords_->value_count(), 0);
    one_each_ = keywords_ != nullptr && keywords_->one_each();
  }
  void collect(DocId doc, MatchScore&) override {
    if (one_each_) {  // most keyword facets: one value a document
      // Counted a batch at a time: one page check and a tight loop for many matches.
      pending_[pending_size_++] = doc;
      if (pending_size_ == pending_.size()) count_pending();
    } else if (keywords_ != nullptr) {
      if (Status s = keywords_->ordinals(doc, ordinals_); !s.ok()) return fail(std::move(s));
      for (const std::uint32_t o : ordinals_) ++ordinal_counts_[o];
    } else if (numbers_ != nullptr) {
      if (Status s = numbers_->values(doc, values_); !s.ok()) return fail(std::move(s));
      for (std::size_t i = 0; i < values_.size(); ++i) {
        if (i == 0 || values_[i] != values_[i - 1]) ++number_counts_[values_[i]];  // once per doc
      }
    }
  }

  Result<FacetResult> result() override {
    flush();
    TRAWL_RETURN_IF_ERROR(status_);
    // By count, then value: keywords by bytes, numbers numerically (both maps are in order).
    std::vector<std::pair<std::uint64_t, std::string>> ranked;
    for (const auto& [text, count] : text_counts_) ranked.emplace_back(count, text);
    for (const auto& [number, count] : number_counts_)
      ranked.emplace_back(count, index_internal::format_value(type_, number));
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    FacetResult out;
    out.field = name_;
    for (std::size_t i = 0; i < ranked.size() && i < size_; ++i) {
      out.counts.push_back({std::move(ranked[i].second), ranked[i].first});
    }
    return out;
  }

 private:
  void count_pending() {
    if (pending_size_ == 0) return;
    if (Status s = keywords_->count_only_ordinals(pending_.data(), pending_size_,
                                                  ordinal_counts_.data());
        !s.ok()) {
      fail(std::move(s));
    }
    pending_size_ = 0;
  }

  // The current segment's keyword counts, into the snapshot's.
  void flush() {
    if (keywords_ == nullptr) return;
    count_pending();
    for (std::uint32_t o = 0; o < ordinal_counts_.size(); ++o) {
      if (ordinal_counts_[o] == 0) continue;
      auto value = keywords_->value(o);
      if (!value) return fail(value.error());
      text_counts_[std::string(*value)] += ordinal_counts_[o];
    }
    ordinal_counts_.clear();
    keywords_ = nullptr;
    one_each_ = false;
  }

  std::string name_;
  std::size_t size_;
  std::uint32_t field_;
  FieldType type_;
  const index_internal::KeywordColumn* keywords_ = nullptr;
  const index_internal::NumericColumn* numbers_ = nullptr;
  std::vector<std::uint64_t> ordinal_counts_;
  std::vector<std::uint32_t> ordinals_;
  bool one_each_ = false;  // the segment's keyword field has one value a document
  std::array<DocId, 512> pending_{};  // its matches not yet counted
  std::size_t pending_size_ = 0;
  std::vector<std::int64_t> values_;
  std::map<std::string, std::uint64_t> text_counts_;
  std::map<std::int64_t, std::uint64_t> number_counts_;
};

}  // namespace

std::unique_ptr<FacetCollector> make_value_facet(const FacetRequest& request, std::uint32_t field,
                                                 FieldType type) {
  return std::make_unique<ValueFacet>(request, field, type);
}

}  // namespace trawl::search_internal
