#include "search/weights/weight.h"

#include "util/bitmap.h"

namespace trawl::search_internal {

Result<ExplainedScore> explain_node(const Weight& weight,
                                    const index_internal::SegmentReader& segment, DocId doc) {
  TRAWL_ASSIGN_OR_RETURN(ExplainedScore out, weight.explain(segment, doc));
  if (!out.matched) {
    out.explanation.value = 0;
    if (out.explanation.description.rfind("no match", 0) != 0) {
      out.explanation.description = "no match; " + out.explanation.description;
    }
  }
  return out;
}

Status Weight::mark_matches(const index_internal::SegmentReader& segment,
                            std::vector<std::uint64_t>& bits) const {
  ScorerPtr matches = scorer(segment);
  if (!matches) return {};
  for (DocId doc = matches->doc(); doc != kTerminated; matches->next(), doc = matches->doc()) {
    util::set_bit(bits.data(), doc);
  }
  return matches->status();
}

}  // namespace trawl::search_internal
