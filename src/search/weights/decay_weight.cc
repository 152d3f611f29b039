// DecayWeight: an inner query's scores multiplied by factor ^ (distance / scale), the distance
// being from the origin to the nearest value of a numeric or date field (query.h). Evaluated
// match by match: its factor is at most 1, but the inner kinds' pruning does not know it.
#include <charconv>
#include <cmath>
#include <limits>

#include "index/value_text.h"
#include "search/scorers/combined_scorers.h"
#include "search/weights/compiler.h"
#include "util/parse_number.h"

namespace trawl::search_internal {
namespace {

// The decay of one field: its parameters and the factor of a document.
struct Decay {
  std::uint32_t field = 0;
  std::int64_t origin = 0;
  double scale = 1;
  double factor = 0.5;

  // The multiplier for `doc`, into *out (1 for a document without a value).
  Status multiplier(const index_internal::SegmentReader& segment, DocId doc,
                    std::vector<std::int64_t>& values, double* out, double* distance) const {
    *out = 1;
    *distance = -1;
    const index_internal::NumericColumn* column = segment.field_values().numeric(field);
    if (column == nullptr) return {};
    TRAWL_RETURN_IF_ERROR(column->values(doc, values));
    if (values.empty()) return {};
    double nearest = std::numeric_limits<double>::infinity();
    for (const std::int64_t value : values) {
      nearest =
          std::min(nearest, std::abs(static_cast<double>(value) - static_cast<double>(origin)));
    }
    *distance = nearest;
    *out = std::pow(factor, nearest / scale);
    return {};
  }
};

class DecayScorer final : public Scorer {
 public:
  DecayScorer(ScorerPtr inner, const index_internal::SegmentReader& segment, const Decay& decay)
      : inner_(std::move(inner)), segment_(segment), decay_(decay) {}
  DocId doc() const noexcept override { return inner_->doc(); }
  void advance(DocId target) override { inner_->advance(target); }
  double score() override {
    double multiplier = 1, distance = 0;
    if (Status s = decay_.multiplier(segment_, doc(), values_, &multiplier, &distance); !s.ok()) {
      if (status_.ok()) status_ = std::move(s);
    }
    return inner_->score() * multiplier;
  }
  Status status() const override {
    TRAWL_RETURN_IF_ERROR(status_);
    return inner_->status();
  }

 private:
  ScorerPtr inner_;
  const index_internal::SegmentReader& segment_;
  const Decay& decay_;  // the weight's, which outlives its scorers
  std::vector<std::int64_t> values_;
  Status status_;
};

class DecayWeight final : public Weight {
 public:
  DecayWeight(WeightPtr inner, Decay decay, std::string shown)
      : inner_(std::move(inner)), decay_(decay), shown_(std::move(shown)) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    ScorerPtr inner = inner_->scorer(segment);
    if (!inner) return nullptr;
    return std::make_unique<DecayScorer>(std::move(inner), segment, decay_);
  }
  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    TRAWL_ASSIGN_OR_RETURN(ExplainedScore inner, explain_node(*inner_, segment, doc));
    std::vector<std::int64_t> values;
    double multiplier = 1, distance = 0;
    TRAWL_RETURN_IF_ERROR(decay_.multiplier(segment, doc, values, &multiplier, &distance));
    ExplainedScore out;
    out.matched = inner.matched;
    out.explanation.description = "decayed by " + shown_ + ", score times decay";
    out.explanation.value = inner.explanation.value * multiplier;
    out.explanation.details.push_back(std::move(inner.explanation));
    out.explanation.details.push_back(
        {multiplier,
         distance < 0 ? std::string("decay: the document has no value, so 1")
                      : "decay = factor ^ (distance / scale), factor " +
                            format_number(decay_.factor) + ", distance " + format_number(distance) +
                            ", scale " + format_number(decay_.scale),
         {}});
    return out;
  }
  void highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const override {
    inner_->highlights(field, boost, out);
  }
  Matches matches() const override { return inner_->matches(); }

 private:
  WeightPtr inner_;
  Decay decay_;
  std::string shown_;
};

// A date scale: a positive number and a unit (ms, s, m, h, d, w), or a number of milliseconds.
std::optional<double> date_scale(const std::string& text) {
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || !(number > 0) || !std::isfinite(number)) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1}, {"ms", 1}, {"s", 1e3}, {"m", 6e4}, {"h", 3.6e6}, {"d", 8.64e7}, {"w", 6.048e8}};
  for (const auto& [name, millis] : kUnits) {
    if (unit == name) return number * millis;
  }
  return std::nullopt;
}

}  // namespace

Result<WeightPtr> compile_decay(const Query& query, Compiler& compiler) {
  const Schema& schema = compiler.state().schema();
  const auto index = schema.find(query.field());
  const std::string where = "query: decay on '" + query.field() + "'";
  if (!index) {
    return Status::invalid_argument(where + ": unknown field (schema: " + schema.describe() + ")");
  }
  const FieldType type = schema.fields()[*index].type;
  if (!is_numeric_type(type)) {
    return Status::invalid_argument(where + ", which is " + std::string(field_type_name(type)) +
                                    "; a decay needs a numeric or date field");
  }
  if (!(query.factor() > 0 && query.factor() < 1)) {
    return Status::invalid_argument(where + ": the factor must be between 0 and 1, not " +
                                    format_number(query.factor()));
  }
  Decay decay;
  decay.field = static_cast<std::uint32_t>(*index);
  decay.factor = query.factor();
  auto origin = index_internal::parse_value(type, query.origin());
  if (!origin) return origin.error().with_context(where + ": the origin");
  decay.origin = *origin;
  if (type == FieldType::kDate) {
    auto scale = date_scale(query.scale());
    if (!scale) {
      return Status::invalid_argument(
          where + ": the scale '" + query.scale() +
          "' is not a duration (a positive number and ms, s, m, h, d or w)");
    }
    decay.scale = *scale;
  } else {
    const auto scale = util::parse_number<double>(query.scale());
    if (!scale || !(*scale > 0) || !std::isfinite(*scale)) {
      return Status::invalid_argument(where + ": the scale '" + query.scale() +
                                      "' is not a positive number");
    }
    decay.scale = *scale;
  }
  TRAWL_ASSIGN_OR_RETURN(WeightPtr inner, compiler.compile(query.clauses()[0].query));
  if (inner->matches() != Weight::Matches::kSome) return inner;
  const std::string shown = query.field() + " from " + query.origin() + " (scale " + query.scale() + ")";
  return WeightPtr(std::make_unique<DecayWeight>(std::move(inner), decay, shown));
}

}  // namespace trawl::search_internal
