// MatchAllWeight: every document, with the boost as its constant score.
#include "search/scorers/combined_scorers.h"
#include "search/weights/compiler.h"

namespace trawl::search_internal {
namespace {

class MatchAllWeight final : public Weight {
 public:
  explicit MatchAllWeight(double score) : score_(score) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    return make_match_all_scorer(segment.doc_count(), score_);
  }
  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    ExplainedScore out;
    out.matched = doc < segment.doc_count();
    out.explanation.value = out.matched ? score_ : 0;
    out.explanation.description = "every document, constant score";
    return out;
  }

 private:
  double score_;
};

}  // namespace

Result<WeightPtr> compile_match_all(const Query& query, Compiler&) {
  return WeightPtr(std::make_unique<MatchAllWeight>(query.boost()));
}

}  // namespace trawl::search_internal
