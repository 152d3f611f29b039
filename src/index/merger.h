// Merging: several segments, minus their deleted documents, into one new segment. Documents
// keep their relative order (sources in the given order), so a merge never changes which
// documents an index holds nor the order ties break in.
#ifndef TRAWL_SRC_INDEX_MERGER_H_
#define TRAWL_SRC_INDEX_MERGER_H_

#include <memory>
#include <string>
#include <vector>

#include "index/deletions.h"
#include "index/segment_reader.h"

namespace trawl::index_internal {

struct MergeSource {
  std::shared_ptr<const SegmentReader> segment;
  std::shared_ptr<const DeletionSet> deletions;  // may be null
};

/// Writes segment `name` holding the live documents of `sources`, after verifying every byte of
/// them: Corruption naming the damaged file if one fails, and nothing is merged.
Result<SegmentMeta> merge_segments(Directory& directory, const std::string& name,
                                   const Schema& schema, const std::vector<MergeSource>& sources);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_MERGER_H_
