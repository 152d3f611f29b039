// Repair: what a damaged segment still tells of the documents it held, so that dropping it can
// say which documents were lost.
#ifndef TRAWL_SRC_INDEX_REPAIR_H_
#define TRAWL_SRC_INDEX_REPAIR_H_

#include <string>
#include <vector>

#include "index/deletions.h"
#include "index/segment_reader.h"
#include "trawl/index/schema.h"

namespace trawl::index_internal {

/// The unique keys of the live documents of `segment` that can still be read, sorted: from the
/// key field's dictionary and postings, then, for documents still unknown, from stored fields.
/// Damage met on the way hides the documents behind it; it is not reported (the caller knows
/// the segment is damaged). Empty if the schema has no unique key.
std::vector<std::string> readable_keys(const SegmentReader& segment, const DeletionSet* deletions,
                                       const Schema& schema);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_REPAIR_H_
