// StringTable: distinct strings numbered 0, 1, 2, ... in order of first insertion. One open-
// addressed array of (hash, number, place) slots, probed linearly, with the strings side by
// side in one arena: a lookup is a hash, a probe or two in one array and one comparison, where
// std::unordered_map follows a pointer to a node per lookup and allocates one per insertion.
// The in-memory indexer numbers every token's term through one (SegmentBuilder::term_id).
#ifndef TRAWL_SRC_UTIL_STRING_TABLE_H_
#define TRAWL_SRC_UTIL_STRING_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "util/string_hash.h"

namespace trawl::util {

class StringTable {
 public:
  /// The number of `key`, added with the next number if the table does not hold it yet
  /// (`*added` says which, if given).
  std::uint32_t intern(std::string_view key, bool* added = nullptr) {
    const std::uint64_t hash = StringHash{}(key);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    if (slots_.empty()) grow();
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.number == kEmpty) {
        if (added != nullptr) *added = true;
        const auto number = static_cast<std::uint32_t>(starts_.size() - 1);
        slot = {tag, number};
        arena_.append(key);
        starts_.push_back(arena_.size());
        if (starts_.size() * 2 > slots_.size()) grow();  // under half full: short probes
        return number;
      }
      // The tag tells an unequal key apart without reading anything else (but for one in
      // 2^32); an equal one is compared in the arena.
      if (slot.tag == tag && this->key(slot.number) == key) {
        if (added != nullptr) *added = false;
        return slot.number;
      }
    }
  }
  /// The key numbered `number` (< size()).
  std::string_view key(std::uint32_t number) const {
    return std::string_view(arena_).substr(starts_[number], starts_[number + 1] - starts_[number]);
  }
  std::size_t size() const { return starts_.size() - 1; }
  /// Empties the table, keeping its memory.
  void clear();
  /// Bytes held (slots, arena, offsets).
  std::size_t memory_bytes() const;
  /// The bytes the slots' next doubling adds, once it is near (the table over 3/8 full; it
  /// doubles at 1/2); 0 before. A memory budget counts them ahead, so that the doubling does
  /// not carry it past.
  std::size_t growth_bytes() const {
    return starts_.size() * 8 > slots_.size() * 3 ? slots_.size() * sizeof(Slot) : 0;
  }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  // 8 bytes, 16 per key at the load the table keeps: the slots were half of an indexing
  // buffer's memory with the key's place and size in them (24 bytes). Those are read from
  // starts_ instead, once the tag matched.
  struct Slot {
    std::uint32_t tag = 0;  // the hash's upper half, to skip most unequal keys unread
    std::uint32_t number = kEmpty;
  };
  void grow();  // doubles the slots and places every key again

  std::vector<Slot> slots_;  // a power of two of them, or none
  std::size_t mask_ = 0;
  std::string arena_;
  std::vector<std::size_t> starts_{0};  // key i is arena_[starts_[i], starts_[i + 1])
};

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_STRING_TABLE_H_
