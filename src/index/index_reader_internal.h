// What the search code needs of an IndexReader beyond its public API: the segments themselves.
#ifndef TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_
#define TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_

#include <memory>
#include <vector>

#include "index/deletions.h"
#include "index/manifest.h"
#include "index/segment_reader.h"
#include "trawl/index/index_reader.h"

namespace trawl {

struct IndexReaderInternal {
  static const std::vector<std::shared_ptr<const index_internal::SegmentReader>>& segments(
      const IndexReader& reader);
  /// Per segment; null where nothing is deleted.
  static const std::vector<std::shared_ptr<const index_internal::DeletionSet>>& deletions(
      const IndexReader& reader);

  /// A segment of a writer's near-real-time snapshot, committed or not.
  struct SnapshotSegment {
    index_internal::SegmentEntry entry;
    std::shared_ptr<const index_internal::SegmentReader> reader;
    std::shared_ptr<const index_internal::DeletionSet> deletions;  // null: none
    bool deletions_committed = true;  // false: they include removals not yet committed
  };
  /// A reader on what a writer holds (IndexWriter::reader()): `committed` gives the generation
  /// and the schema's records, `segments` the documents.
  static IndexReader snapshot(std::shared_ptr<Directory> directory,
                              std::shared_ptr<const Schema> schema,
                              const index_internal::Manifest& committed,
                              std::vector<SnapshotSegment> segments);
};

}  // namespace trawl

#endif  // TRAWL_SRC_INDEX_INDEX_READER_INTERNAL_H_
