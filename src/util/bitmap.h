// Bitmaps of document numbers as words of 64 bits, bit d % 64 of word d / 64: what filters,
// ranges and the window disjunction mark documents in and read them back from.
#ifndef TRAWL_SRC_UTIL_BITMAP_H_
#define TRAWL_SRC_UTIL_BITMAP_H_

#include <bit>
#include <cstddef>
#include <cstdint>

namespace trawl::util {

/// The words a bitmap of `bits` bits takes.
inline constexpr std::size_t bitmap_words(std::size_t bits) noexcept { return (bits + 63) / 64; }

inline void set_bit(std::uint64_t* words, std::size_t i) noexcept {
  words[i / 64] |= std::uint64_t{1} << (i % 64);
}

inline bool test_bit(const std::uint64_t* words, std::size_t i) noexcept {
  return (words[i / 64] >> (i % 64) & 1) != 0;
}

/// The first set bit at or after `from` among `count` words, or `none` if there is none.
/// REQUIRES: from < count * 64.
inline std::size_t next_set_bit(const std::uint64_t* words, std::size_t count, std::size_t from,
                                std::size_t none = SIZE_MAX) noexcept {
  std::size_t w = from / 64;
  std::uint64_t word = words[w] & (~std::uint64_t{0} << (from % 64));
  while (word == 0) {
    if (++w == count) return none;
    word = words[w];
  }
  return w * 64 + static_cast<std::size_t>(std::countr_zero(word));
}

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_BITMAP_H_
