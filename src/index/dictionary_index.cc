#include "index/dictionary_index.h"

#include <algorithm>

#include "index/segment_metadata_io.h"
#include "util/varint.h"

namespace trawl::index_internal {

std::string encode_dictionary_index(const DictionaryIndex& index) {
  std::string out;
  for (const std::uint64_t offset : index.offsets) util::put_fixed64(out, offset);
  std::uint64_t key_end = 0;
  for (const std::string& key : index.first_keys) {
    key_end += key.size();
    util::put_fixed64(out, key_end);
  }
  for (const std::string& key : index.first_keys) util::put_fixed64(out, key_head(key));
  for (const std::string& key : index.first_keys) out += key;
  util::put_fixed64(out, index.offsets.size());
  return out;
}

std::uint64_t key_head(std::string_view key) noexcept {
  std::uint64_t head = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    head = head << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
  }
  return head;
}

Status DictionaryIndexReader::corrupt(std::string_view what) const {
  const std::string name = file_ != nullptr ? file_->file->name() : std::string("dictionary index");
  return Status::corruption(name + ": " + std::string(what));
}

Result<DictionaryIndexReader> DictionaryIndexReader::open(const store_internal::FramedFile& file,
                                                          std::uint64_t dict_size) {
  DictionaryIndexReader reader;
  reader.dict_size_ = dict_size;
  if (file.version >= kFlatDictIndexVersion) {
    reader.file_ = &file;
    reader.heads_ = file.version >= kDictIndexVersion;
  } else {
    // An older version: a Boost archive, checksummed whole before it is parsed, then laid out
    // flat in memory, where the first keys' order is checked once (the flat layout's is not
    // checked at open; a misplaced key only misdirects lookups, and page checksums catch damage).
    TRAWL_RETURN_IF_ERROR(file.verify(0, file.body.size()));
    DictionaryIndex index;
    TRAWL_RETURN_IF_ERROR(store_internal::load_archive(file.body, file.file->name(), index));
    if (index.first_keys.size() != index.offsets.size() ||
        !std::is_sorted(index.first_keys.begin(), index.first_keys.end())) {
      return Status::corruption(file.file->name() + ": dictionary index is inconsistent");
    }
    reader.owned_ = encode_dictionary_index(index);
    reader.heads_ = true;
  }
  const std::string_view body = reader.body();
  if (body.size() < 8) return reader.corrupt("truncated dictionary index");
  TRAWL_RETURN_IF_ERROR(reader.verify(body.size() - 8, body.size()));
  const std::uint64_t blocks =
      util::load_fixed64(reinterpret_cast<const std::uint8_t*>(body.data()) + body.size() - 8);
  if (blocks > (body.size() - 8) / (reader.heads_ ? 24 : 16)) {
    return reader.corrupt("dictionary index block count out of range");
  }
  reader.blocks_ = static_cast<std::size_t>(blocks);
  return reader;
}

Result<std::uint64_t> DictionaryIndexReader::offset(std::size_t block) const {
  TRAWL_RETURN_IF_ERROR(verify(block * 8, block * 8 + 8));
  const std::uint64_t offset =
      util::load_fixed64(reinterpret_cast<const std::uint8_t*>(body().data()) + block * 8);
  if (offset >= dict_size_) return corrupt("dictionary block offset out of range");
  return offset;
}

Result<std::string_view> DictionaryIndexReader::first_key(std::size_t block) const {
  // key_end[block - 1] (0 for the first) to key_end[block].
  const std::uint64_t ends = blocks_ * 8 + (block == 0 ? 0 : (block - 1) * 8);
  const std::uint64_t count = block == 0 ? 8 : 16;
  TRAWL_RETURN_IF_ERROR(verify(ends, ends + count));
  const auto* data = reinterpret_cast<const std::uint8_t*>(body().data());
  const std::uint64_t begin = block == 0 ? 0 : util::load_fixed64(data + ends);
  const std::uint64_t end = util::load_fixed64(data + ends + count - 8);
  const std::uint64_t keys_size = body().size() - 8 - keys_at();  // fits: checked at open
  if (begin > end || end > keys_size) return corrupt("dictionary index key out of range");
  TRAWL_RETURN_IF_ERROR(verify(keys_at() + begin, keys_at() + end));
  return body().substr(static_cast<std::size_t>(keys_at() + begin),
                       static_cast<std::size_t>(end - begin));
}

Result<std::size_t> DictionaryIndexReader::find(std::string_view key) const {
  // The first block whose first key is > key, by binary search; the one before it. With heads
  // (version 4), a probe compares the block's head with the key's, a number each, and reads the
  // first key only where they tie (rarely; at every probe for a field of keys alike in their
  // first eight bytes, such as numbered ids: the search of version 3): a first key costs its
  // bounds, its pages and a string compare, most of a lookup's search. The heads are verified
  // at once (a bit test per page, once they were hashed) and read raw.
  const std::uint8_t* heads = nullptr;
  const std::uint64_t wanted = key_head(key);
  if (heads_) {
    const std::uint64_t heads_at = std::uint64_t{blocks_} * 16;
    TRAWL_RETURN_IF_ERROR(verify(heads_at, heads_at + std::uint64_t{blocks_} * 8));
    heads = reinterpret_cast<const std::uint8_t*>(body().data()) + heads_at;
  }
  std::size_t low = 0, high = blocks_;
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    // Without heads every probe is a tie.
    const std::uint64_t head = heads != nullptr ? util::load_fixed64(heads + mid * 8) : wanted;
    bool above = head > wanted;  // block mid's first key is > key
    if (head == wanted) {
      TRAWL_ASSIGN_OR_RETURN(std::string_view first, first_key(mid));
      above = key < first;
    }
    if (above) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low == 0 ? 0 : low - 1;
}

}  // namespace trawl::index_internal
