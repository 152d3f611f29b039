#include "util/string_table.h"

namespace trawl::util {

void StringTable::clear() {
  slots_.assign(slots_.size(), Slot{});
  arena_.clear();
  starts_.assign(1, 0);
}

std::size_t StringTable::memory_bytes() const {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() +
         starts_.capacity() * sizeof(std::size_t);
}

void StringTable::grow() {
  const std::size_t size = slots_.empty() ? 64 : slots_.size() * 2;
  // The keys are rehashed from the arena: the old slots go first, so that the two arrays never
  // take memory at once.
  slots_ = std::vector<Slot>();
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  for (std::uint32_t number = 0; number + 1 < starts_.size(); ++number) {
    const std::string_view key = this->key(number);
    const std::uint64_t hash = StringHash{}(key);
    std::size_t i = hash & mask_;
    while (slots_[i].number != kEmpty) i = (i + 1) & mask_;
    slots_[i] = {static_cast<std::uint32_t>(hash >> 32), number};
  }
}

}  // namespace trawl::util
