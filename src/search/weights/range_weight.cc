// RangeWeight: documents with a value of a numeric or date field in [low, high], found per
// segment by binary search in the field's sorted (value, document) pairs, so a range costs
// O(log values + matches) whatever the segment's size. Scored with the boost, a constant.
#include <algorithm>
#include <limits>

#include "index/value_text.h"
#include "search/scorers/combined_scorers.h"
#include "search/scorers/doc_list_scorer.h"
#include "search/weights/compiler.h"

namespace trawl::search_internal {
namespace {

class RangeWeight final : public Weight {
 public:
  RangeWeight(std::uint32_t field, std::int64_t low, std::int64_t high, double score)
      : field_(field), low_(low), high_(high), score_(score) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    const index_internal::NumericColumn* column = segment.field_values().numeric(field_);
    if (column == nullptr) return nullptr;
    std::vector<DocId> docs;
    if (Status status = column->docs_in_range(low_, high_, docs); !status.ok()) {
      return make_failed_scorer(std::move(status));
    }
    return make_doc_list_scorer(std::move(docs), score_);
  }

  // Every match scores the same, so the top k are the k first live matches in document order,
  // and once the top k are full no later document can enter (it would tie and come later).
  // They are picked from the sorted pairs into a sorted array of at most k, whose last entry
  // bounds what may enter once it is full: O(matches + entries · (log k + k / 16)), where the
  // entries are k ln(matches / k) or so for pairs in no particular document order, and no
  // match is ever put in order with the others (compare_trawl range, 330 matches of 100k
  // documents, k 10: 44k instructions with an ordered set, 13k with the array).
  Result<bool> search_top_k(SegmentRun& run) const override {
    const index_internal::NumericColumn* column = run.reader.field_values().numeric(field_);
    if (column == nullptr || run.top.full()) return true;
    TRAWL_ASSIGN_OR_RETURN(const auto span, column->sorted_span(low_, high_));
    const std::size_t k = run.top.capacity();
    if (k == 0 || span.first >= span.second) return true;
    std::vector<DocId> kept;  // ascending, distinct
    const auto matches = static_cast<std::size_t>(span.second - span.first);
    kept.reserve(std::min(matches, k) + 1);
    DocId bound = std::numeric_limits<DocId>::max();  // no document from here on can enter
    TRAWL_RETURN_IF_ERROR(column->visit_sorted_docs(span, [&](DocId doc) {
      // Deleted or before the cursor.
      if (doc >= bound || !run.live(doc) || !run.top.admits(score_, doc)) return;
      const auto at = std::lower_bound(kept.begin(), kept.end(), doc);
      if (at != kept.end() && *at == doc) return;  // a second value of a kept document
      kept.insert(at, doc);
      if (kept.size() > k) kept.pop_back();
      if (kept.size() == k) bound = kept.back();
    }));
    for (const DocId doc : kept) {
      run.count();
      run.offer(score_, doc);
    }
    return true;
  }

  // A filter's documents straight from the sorted pairs, in no order.
  Status mark_matches(const index_internal::SegmentReader& segment,
                      std::vector<std::uint64_t>& bits) const override {
    const index_internal::NumericColumn* column = segment.field_values().numeric(field_);
    return column == nullptr ? Status() : column->mark_in_range(low_, high_, bits);
  }

  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    ExplainedScore out;
    out.explanation.description = "range " + shown(segment.schema()) + ", constant score";
    if (const index_internal::NumericColumn* column = segment.field_values().numeric(field_)) {
      std::vector<std::int64_t> values;
      TRAWL_RETURN_IF_ERROR(column->values(doc, values));
      for (const std::int64_t value : values)
        out.matched = out.matched || (value >= low_ && value <= high_);
    }
    out.explanation.value = out.matched ? score_ : 0;
    return out;
  }

 private:
  // The range as resolved, e.g. published:[2025-01-01T00:00:00Z TO 2025-01-31T23:59:59.999Z]
  // (built here rather than when compiling, which every search does).
  std::string shown(const Schema& schema) const {
    const FieldSpec& spec = schema.fields()[field_];
    auto bound = [&](std::int64_t value, std::int64_t open) {
      if (value == open) return std::string("*");
      return index_internal::format_value(spec.type, value);
    };
    return spec.name + ":[" + bound(low_, std::numeric_limits<std::int64_t>::min()) + " TO " +
           bound(high_, std::numeric_limits<std::int64_t>::max()) + "]";
  }

  std::uint32_t field_;
  std::int64_t low_, high_;  // inclusive
  double score_;
};

// The smallest (for the lower bound) or largest (upper) value that `bound` admits; nullopt
// when it admits none (an exclusive bound at the end of the number line). A date bound covers
// its whole span: an inclusive upper bound its last millisecond, an exclusive lower one what
// follows it.
Result<std::optional<std::int64_t>> limit(const Query& query,
                                          const std::optional<std::string>& bound, bool inclusive,
                                          bool upper, FieldType type) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  using Limit = std::optional<std::int64_t>;
  if (!bound) return Limit(upper ? kMax : kMin);
  auto span = index_internal::parse_value_span(type, *bound);
  if (!span) return span.error().with_context("query: range on '" + query.field() + "'");
  if (upper) {
    if (inclusive) return Limit(span->last);
    return span->first == kMin ? Limit() : Limit(span->first - 1);
  }
  if (inclusive) return Limit(span->first);
  return span->last == kMax ? Limit() : Limit(span->last + 1);
}

}  // namespace

Result<WeightPtr> compile_range(const Query& query, Compiler& compiler) {
  const Schema& schema = compiler.state().schema();
  const auto index = schema.find(query.field());
  if (!index) {
    return Status::invalid_argument("query: unknown field '" + query.field() +
                                    "' (schema: " + schema.describe() + ")");
  }
  const FieldType type = schema.fields()[*index].type;
  if (!is_numeric_type(type)) {
    return Status::invalid_argument("query: a range on field '" + query.field() + "', which is " +
                                    std::string(field_type_name(type)) +
                                    "; ranges need a numeric or date field");
  }
  TRAWL_RETURN_IF_ERROR(compiler.add_clauses(1));
  TRAWL_ASSIGN_OR_RETURN(auto low, limit(query, query.lower(), query.include_lower(), false, type));
  TRAWL_ASSIGN_OR_RETURN(auto high, limit(query, query.upper(), query.include_upper(), true, type));
  if (!low || !high || *low > *high) return make_nothing(false);  // reversed bounds
  return WeightPtr(std::make_unique<RangeWeight>(static_cast<std::uint32_t>(*index), *low, *high,
                                                 query.boost()));
}

}  // namespace trawl::search_internal
