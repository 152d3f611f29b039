// Merging: several segments, minus their deleted documents, into one new segment. Documents
// keep their relative order (sources in the given order) unless the merge reorders them
// (MergeOptions::reorder): a merge never changes which documents an index holds nor their
// contents.
#ifndef TRAWL_SRC_INDEX_MERGER_H_
#define TRAWL_SRC_INDEX_MERGER_H_

#include <cstddef>
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

struct MergeOptions {
  /// Renumber the documents by recursive graph bisection (graph_bisection.h) so that documents
  /// sharing terms are neighbours.
  bool reorder = false;
  /// Threads the bisection may use.
  unsigned threads = 1;
  /// The memory reordering may hold (0: no bound): beyond it, documents are bisected in
  /// consecutive ranges and the rarest terms are left out of the bisection's view of them
  /// (the order is then less good, never wrong).
  std::size_t memory_bytes = 0;
};

/// Writes segment `name` holding the live documents of `sources`, after verifying every byte of
/// them: Corruption naming the damaged file if one fails, and nothing is merged.
Result<SegmentMeta> merge_segments(Directory& directory, const std::string& name,
                                   const Schema& schema, const std::vector<MergeSource>& sources,
                                   const MergeOptions& options = {});

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_MERGER_H_
