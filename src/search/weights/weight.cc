#include "search/weights/weight.h"

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

}  // namespace trawl::search_internal
