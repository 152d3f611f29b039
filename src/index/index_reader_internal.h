// What the search code needs of an IndexReader beyond its public API: the segments themselves.
#ifndef TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_
#define TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_

#include <memory>
#include <vector>

#include "index/deletions.h"
#include "index/segment_reader.h"
#include "trawl/index/index_reader.h"

namespace trawl {

struct IndexReaderInternal {
  static const std::vector<std::shared_ptr<const index_internal::SegmentReader>>& segments(
      const IndexReader& reader);
  /// Per segment; null where nothing is deleted.
  static const std::vector<std::shared_ptr<const index_internal::DeletionSet>>& deletions(
      const IndexReader& reader);
};

}  // namespace trawl

#endif  // TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_
