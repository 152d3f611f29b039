// The dictionary's block index (.tix): the first key and .tdx offset of every block of
// kDictBlockTerms terms, searched to find the block that may hold a key.
//
// From file version 3 it is a flat layout that is mapped and binary-searched in place, with
// every piece verified against the file's page checksums as it is read, so opening a segment
// costs the same whatever its dictionary's size (docs/format/segment.md). Older versions are a
// Boost archive, checksummed whole, read and laid out the same way in memory.
#ifndef TRAWL_SRC_INDEX_DICTIONARY_INDEX_H_
#define TRAWL_SRC_INDEX_DICTIONARY_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/segment_format.h"
#include "store/file_format.h"
#include "trawl/result.h"

namespace trawl::index_internal {

/// The first file version of .tix with the flat layout.
inline constexpr std::uint32_t kFlatDictIndexVersion = 3;
/// The first with each first key's leading eight bytes as a number, and the version written.
inline constexpr std::uint32_t kDictIndexVersion = 4;

/// The flat body of `index` (file version 4): u64 offset[B], u64 key_end[B], u64 head[B], the
/// first keys concatenated, u64 B.
std::string encode_dictionary_index(const DictionaryIndex& index);

/// A key's first eight bytes as a big-endian number, zeros past its end: numbers compare as
/// their keys do, up to ties (a < b implies head(a) <= head(b); head(a) < head(b) implies a < b).
std::uint64_t key_head(std::string_view key) noexcept;

class DictionaryIndexReader {
 public:
  DictionaryIndexReader() = default;
  /// Reads `file` (.tix); `dict_size` is the .tdx body's size, which every offset must be below.
  /// `file` must outlive the reader (a segment keeps both). Corruption if the layout does not
  /// add up; damage inside it is found when the damaged piece is read.
  static Result<DictionaryIndexReader> open(const store_internal::FramedFile& file,
                                            std::uint64_t dict_size);

  /// The number of blocks.
  std::size_t size() const noexcept { return blocks_; }
  /// The block that may hold `key`: the last whose first key is <= key, or 0.
  Result<std::size_t> find(std::string_view key) const;
  /// Where block `block` starts in the .tdx body. REQUIRES: block < size().
  Result<std::uint64_t> offset(std::size_t block) const;

 private:
  Result<std::string_view> first_key(std::size_t block) const;
  Status corrupt(std::string_view what) const;
  /// Where the first keys start in the body, after the offsets, the key ends and the heads.
  std::uint64_t keys_at() const noexcept { return std::uint64_t{blocks_} * (heads_ ? 24 : 16); }

  /// The flat layout: in the mapped file, or owned_.
  std::string_view body() const noexcept { return file_ != nullptr ? file_->body : owned_; }
  /// OK if body bytes [begin, end) are intact (verified now if mapped; owned bytes were).
  Status verify(std::uint64_t begin, std::uint64_t end) const {
    return file_ != nullptr ? file_->verify(begin, end) : Status();
  }

  const store_internal::FramedFile* file_ = nullptr;  // the mapped flat layout, if it is one
  std::string owned_;                                  // an older version's, laid out flat
  std::size_t blocks_ = 0;
  std::uint64_t dict_size_ = 0;
  bool heads_ = false;  // the layout has head[] (version 4, or an older one laid out anew)
};

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_DICTIONARY_INDEX_H_
