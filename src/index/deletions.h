// DeletionSet: the deleted documents of one segment, a bitmap. A commit that deletes documents
// writes the segment's whole set anew as S.<generation>.del (kind "DELS"; body: u32 document
// count, then the bitmap as little-endian u64 words), and the manifest names the generation.
#ifndef TRAWL_SRC_INDEX_DELETIONS_H_
#define TRAWL_SRC_INDEX_DELETIONS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trawl/result.h"
#include "trawl/store/directory.h"
#include "trawl/types.h"

namespace trawl::index_internal {

class DeletionSet {
 public:
  explicit DeletionSet(std::uint32_t doc_count)
      : doc_count_(doc_count), words_((std::size_t{doc_count} + 63) / 64, 0) {}

  bool contains(DocId doc) const noexcept {
    return doc < doc_count_ && (words_[doc >> 6] >> (doc & 63) & 1) != 0;
  }
  /// Marks `doc` deleted; false if it already was. REQUIRES: doc < doc_count().
  bool add(DocId doc) noexcept {
    std::uint64_t& word = words_[doc >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (doc & 63);
    if ((word & bit) != 0) return false;
    word |= bit;
    ++count_;
    return true;
  }
  std::uint32_t count() const noexcept { return count_; }
  std::uint32_t doc_count() const noexcept { return doc_count_; }

  /// Writes the set as file `name`, with the identity of its segment (see SegmentMeta).
  Status write(Directory& directory, const std::string& name, const std::string& identity) const;
  /// Reads file `name`; Corruption if it is damaged, its size is not `doc_count`'s or its
  /// identity is not `identity` (when `identity` is not empty).
  static Result<std::shared_ptr<const DeletionSet>> read(Directory& directory,
                                                         const std::string& name,
                                                         std::uint32_t doc_count,
                                                         const std::string& identity);

 private:
  std::uint32_t doc_count_;
  std::uint32_t count_ = 0;
  std::vector<std::uint64_t> words_;
};

/// The deletions file of `segment` at `generation`: "seg_3.7.del".
inline std::string deletions_file(const std::string& segment, std::uint64_t generation) {
  return segment + "." + std::to_string(generation) + ".del";
}

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_DELETIONS_H_
