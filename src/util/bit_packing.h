// Frame-of-reference bit packing of small unsigned integers, the codec of postings blocks:
// a block of n values is stored as one byte `width` (the bits of its largest value, 0..32)
// followed by ceil(n * width / 8) bytes, value i at bit i * width, little-endian.
//
// Contract (see STYLE.md, codecs): decode may read up to kMaxOverread bytes past the packed
// data when they are available (the fast path); it never reads past `readable_end`.
#ifndef TRAWL_SRC_UTIL_BIT_PACKING_H_
#define TRAWL_SRC_UTIL_BIT_PACKING_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/varint.h"

namespace trawl::util {

/// Bytes the fast decoder may read past the packed data.
inline constexpr std::size_t kMaxOverread = 8;
/// The values a block holds at most; postings use full blocks of this size.
inline constexpr std::size_t kBlockSize = 128;

/// The bits needed for the largest of `values[0, n)`.
std::uint32_t bits_needed(const std::uint32_t* values, std::size_t n) noexcept;

/// Bytes of a block of n values of `width` bits, width byte included.
inline std::size_t packed_size(std::size_t n, std::uint32_t width) noexcept {
  return 1 + (n * width + 7) / 8;
}

/// The bytes of the block of n values at `p` (width byte included), or 0 if it is malformed:
/// no width byte before `end`, a width over 32, or more bytes than `end` allows. What decoding
/// the block checks, for callers that find a block's end without decoding it.
inline std::size_t packed_block_size(const std::uint8_t* p, const std::uint8_t* end,
                                     std::size_t n) noexcept {
  if (p >= end || *p > 32) return 0;
  const std::size_t size = packed_size(n, *p);
  return static_cast<std::size_t>(end - p) < size ? 0 : size;
}

/// Appends the block for values[0, n) to `out`. REQUIRES: n <= kBlockSize.
void encode_block(const std::uint32_t* values, std::size_t n, std::string& out);

/// Decodes a block of n values at `p` into out[0, n) and returns the byte after the block, or
/// nullptr if the block is malformed (width > 32 or longer than `end` allows). Bytes up to
/// `readable_end` (>= end; the mapping's end, say) may be read, not used, so that blocks that
/// end at `end` still take the fast path. REQUIRES: n <= kBlockSize.
const std::uint8_t* decode_block(const std::uint8_t* p, const std::uint8_t* end, std::size_t n,
                                 std::uint32_t* out, const std::uint8_t* readable_end) noexcept;
inline const std::uint8_t* decode_block(const std::uint8_t* p, const std::uint8_t* end,
                                        std::size_t n, std::uint32_t* out) noexcept {
  return decode_block(p, end, n, out, end);
}

/// Value i of a packed block, read alone: `data` is the block's first byte after the width
/// byte, `width` its bits per value (<= 32). It reads only the bytes holding that value, or 8
/// bytes from the first of them when they lie before `readable_end`. For reading a few values
/// of a long block (one document's positions) without decoding the rest.
inline std::uint32_t packed_value(const std::uint8_t* data, std::uint32_t width, std::size_t i,
                                  const std::uint8_t* readable_end) noexcept {
  if (width == 0) return 0;
  const std::size_t bit = i * width;
  const std::uint8_t* p = data + (bit >> 3);
  const std::uint32_t shift = static_cast<std::uint32_t>(bit & 7);
  std::uint64_t word = 0;
  if (readable_end - p >= 8) {
    word = load_fixed64(p);
  } else {
    const std::uint32_t bytes = (shift + width + 7) / 8;  // at most 5
    for (std::uint32_t b = 0; b < bytes; ++b) word |= std::uint64_t{p[b]} << (8 * b);
  }
  return static_cast<std::uint32_t>((word >> shift) & ((std::uint64_t{1} << width) - 1));
}

/// Values [first, first + n) of the packed run at `data` (as packed_value reads each) into `out`:
/// one document's positions. Where the run's bytes leave eight readable bytes after the last
/// value's first one, each value is one load and a shift, with no test of the file's end.
inline void unpack_range(const std::uint8_t* data, std::uint32_t width, std::size_t first,
                         std::size_t n, std::uint32_t* out,
                         const std::uint8_t* readable_end) noexcept {
  if (n == 0) return;
  if (width == 0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0;
    return;
  }
  const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
  std::size_t bit = first * width;
  const std::uint8_t* last = data + (((first + n - 1) * width) >> 3);
  if (readable_end - last < 8) {
    for (std::size_t i = 0; i < n; ++i) out[i] = packed_value(data, width, first + i, readable_end);
    return;
  }
  for (std::size_t i = 0; i < n; ++i, bit += width) {
    out[i] = static_cast<std::uint32_t>((load_fixed64(data + (bit >> 3)) >> (bit & 7)) & mask);
  }
}

/// decode_block without the processor-specific kernels (AVX2 unpacking up to 25 bits a value,
/// chosen at run time): what runs on processors without them, kept for tests to check on any.
const std::uint8_t* decode_block_portable(const std::uint8_t* p, const std::uint8_t* end,
                                          std::size_t n, std::uint32_t* out,
                                          const std::uint8_t* readable_end) noexcept;

/// The reference decoder: one byte at a time, no over-read. Tests check decode_block against it.
const std::uint8_t* decode_block_reference(const std::uint8_t* p, const std::uint8_t* end,
                                           std::size_t n, std::uint32_t* out) noexcept;

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_BIT_PACKING_H_
