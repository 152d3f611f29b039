// RangeWeight: documents with a value of a numeric or date field in [low, high], found per
// segment by binary search in the field's sorted (value, document) pairs, so a range costs
// O(log values + matches) whatever the segment's size. Scored with the boost, a constant.
#include <charconv>
#include <iterator>
#include <limits>
#include <set>

#include "search/scorers/combined_scorers.h"
#include "search/scorers/doc_list_scorer.h"
#include "search/weights/compiler.h"
#include "trawl/index/date.h"
#include "util/parse_number.h"

namespace trawl::search_internal {
namespace {

class RangeWeight final : public Weight {
 public:
  RangeWeight(std::uint32_t field, std::int64_t low, std::int64_t high, double score,
              std::string shown)
      : field_(field), low_(low), high_(high), score_(score), shown_(std::move(shown)) {}

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
  // They are picked from the sorted pairs with a bounded set: O(matches + k log k), without
  // putting every match in document order.
  Result<bool> search_top_k(SegmentRun& run) const override {
    const index_internal::NumericColumn* column = run.reader.field_values().numeric(field_);
    if (column == nullptr || run.top.full()) return true;
    TRAWL_ASSIGN_OR_RETURN(const auto span, column->sorted_span(low_, high_));
    const std::size_t k = run.top.capacity();
    std::set<DocId> first;  // the k smallest live documents seen
    for (std::uint64_t i = span.first; i < span.second; ++i) {
      TRAWL_ASSIGN_OR_RETURN(const DocId doc, column->sorted_doc(i));
      if (first.size() == k && doc >= *first.rbegin()) continue;
      // Deleted, before the cursor, or a second value of a document already in.
      if (!run.live(doc) || !run.top.admits(score_, doc) || !first.insert(doc).second) continue;
      if (first.size() > k) first.erase(std::prev(first.end()));
    }
    for (const DocId doc : first) {
      run.count();
      run.offer(score_, doc);
    }
    return true;
  }

  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    ExplainedScore out;
    out.explanation.description = "range " + shown_ + ", constant score";
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
  std::uint32_t field_;
  std::int64_t low_, high_;  // inclusive
  double score_;
  std::string shown_;
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
  const std::string& text = *bound;
  const std::string where = "query: range on '" + query.field() + "'";
  if (type == FieldType::kDate) {
    auto span = parse_date_span(text);
    if (!span) return span.error().with_context(where);
    if (upper) return Limit(inclusive ? span->end - 1 : span->start - 1);
    return Limit(inclusive ? span->start : span->end);
  }
  const auto number = util::parse_number<std::int64_t>(text);
  if (!number) return Status::invalid_argument(where + ": '" + text + "' is not a 64-bit integer");
  const std::int64_t value = *number;
  if (inclusive) return Limit(value);
  if (value == (upper ? kMin : kMax)) return Limit();
  return Limit(upper ? value - 1 : value + 1);
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
                                                 query.boost(), query.to_string()));
}

}  // namespace trawl::search_internal
