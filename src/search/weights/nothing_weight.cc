// The node that matches nothing: words no document has, or a text with no words at all.
#include "search/weights/compiler.h"

namespace trawl::search_internal {
namespace {

class NothingWeight final : public Weight {
 public:
  explicit NothingWeight(bool no_words) : no_words_(no_words) {}

  ScorerPtr scorer(const index_internal::SegmentReader&) const override { return nullptr; }
  Result<ExplainedScore> explain(const index_internal::SegmentReader&, DocId) const override {
    ExplainedScore out;
    out.explanation.description = no_words_ ? "no match: the query has no indexed words"
                                            : "no match: no document has the query's words";
    return out;
  }
  Matches matches() const override { return no_words_ ? Matches::kNoWords : Matches::kNothing; }

 private:
  bool no_words_;
};

}  // namespace

WeightPtr make_nothing(bool no_words) { return std::make_unique<NothingWeight>(no_words); }

}  // namespace trawl::search_internal
