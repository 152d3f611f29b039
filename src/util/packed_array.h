// Packed arrays: n integers at random access in a few bits each (the layout of the .val
// columns from its version 2, docs/format/segment.md). Value i is
//   base + slope * i + scale * r[i]   (two's complement, modulo 2^64)
// with r[i] in `bits` bits: slope 0 for arbitrary values (dates in whole days then take a
// dozen bits: scale is their common divisor), and the average step for rising offsets (a
// field with one value per document then takes no bits at all: start[d] = d). Lucene's doc
// values encode numbers the same way (min, gcd, monotonic with an average).
//
// Layout: u8 bits (0..56, or 64); i64 base; i64 slope; u64 scale; then the r[i]: none for 0
// bits, 8 bytes each for 64, 4 bytes each for 32, else ceil(n * bits / 8) bytes, r[i] at bit
// i * bits, followed by 8 bytes of padding so that any r[i] is one unaligned 8-byte load.
#ifndef TRAWL_SRC_UTIL_PACKED_ARRAY_H_
#define TRAWL_SRC_UTIL_PACKED_ARRAY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/varint.h"

namespace trawl::util {

inline constexpr std::uint64_t kPackedHeaderBytes = 25;

/// A packed array's header; get() reads its values from the bytes that follow it.
struct PackedArray {
  std::uint32_t bits = 64;
  std::uint64_t base = 0, slope = 0, scale = 1;

  /// Bytes of the values of an array of n (after the header).
  std::uint64_t data_bytes(std::uint64_t n) const noexcept {
    if (bits == 0) return 0;
    if (bits == 64) return n * 8;
    if (bits == 32) return n * 4;
    return (n * bits + 7) / 8 + 8;
  }
  /// The bytes value i is read from: [first, second) from the start of the data.
  [[gnu::always_inline]] std::pair<std::uint64_t, std::uint64_t> bytes_of(
      std::uint64_t first, std::uint64_t last) const noexcept {
    if (bits == 0 || first >= last) return {0, 0};
    if (bits == 64) return {first * 8, last * 8};
    if (bits == 32) return {first * 4, last * 4};
    return {first * bits / 8, (last - 1) * bits / 8 + 8};
  }
  /// Value i of the array whose data starts at `data`. REQUIRES: the bytes bytes_of(i, i + 1)
  /// are readable.
  // Inlined: sorting and facets read a value or two per matching document.
  [[gnu::always_inline]] std::uint64_t get(const std::uint8_t* data,
                                           std::uint64_t i) const noexcept {
    std::uint64_t r = 0;
    if (bits == 64) {
      r = load_fixed64(data + i * 8);
    } else if (bits == 32) {
      r = load_fixed32(data + i * 4);
    } else if (bits != 0) {  // packed: one unaligned load
      const std::uint64_t bit = i * bits;
      r = (load_fixed64(data + bit / 8) >> (bit % 8)) & ((std::uint64_t{1} << bits) - 1);
    }
    return base + slope * i + scale * r;
  }
};

/// An array of fixed-width values as version 1 of .val wrote them: 8 or 4 bytes each.
inline PackedArray plain_array(std::uint32_t bytes) noexcept { return {bytes * 8, 0, 0, 1}; }

/// Appends the header and data of `values` packed; `rising` (non-decreasing values below
/// 2^62) lets it take out the average step.
void append_packed(std::string& out, const std::vector<std::uint64_t>& values, bool rising);

/// The header at `p` (kPackedHeaderBytes readable); nullopt if malformed.
std::optional<PackedArray> parse_packed_header(const std::uint8_t* p) noexcept;

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_PACKED_ARRAY_H_
