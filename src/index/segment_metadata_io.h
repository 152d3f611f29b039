// How a segment's metadata structures (segment_format.h) are saved with Boost.Serialization:
// the class versions and what each version holds. Only the code that writes or reads .meta and
// .tix includes this.
#ifndef TRAWL_SRC_INDEX_SEGMENT_METADATA_IO_H_
#define TRAWL_SRC_INDEX_SEGMENT_METADATA_IO_H_

#include <boost/serialization/version.hpp>

#include "index/segment_format.h"
#include "store/archive.h"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& archive, trawl::index_internal::FieldStats& stats, unsigned version) {
  trawl::store_internal::throw_if_newer(version, 0);
  archive& stats.doc_count& stats.total_length;
}

template <class Archive>
void serialize(Archive& archive, trawl::index_internal::SegmentMeta& meta, unsigned version) {
  trawl::store_internal::throw_if_newer(version, 3);
  archive& meta.name& meta.doc_count& meta.term_count& meta.fields;
  if (version >= 1) archive& meta.docs_with_text;
  if (version >= 2) archive& meta.identity;
  if (version >= 3) archive& meta.reordered;
}

template <class Archive>
void serialize(Archive& archive, trawl::index_internal::DictionaryIndex& index, unsigned version) {
  trawl::store_internal::throw_if_newer(version, 0);
  archive& index.first_keys& index.offsets;
}

}  // namespace boost::serialization

BOOST_CLASS_VERSION(trawl::index_internal::FieldStats, 0)
BOOST_CLASS_VERSION(trawl::index_internal::SegmentMeta, 3)
BOOST_CLASS_VERSION(trawl::index_internal::DictionaryIndex, 0)

#endif  // TRAWL_SRC_INDEX_SEGMENT_METADATA_IO_H_
