// LEB128 variable-length integers (7 bits per byte, high bit = more follows), as used by the
// term dictionary and other small structures. Decoders are bounds-checked: corrupt input yields
// false, never a read past `end`.
#ifndef TRAWL_SRC_UTIL_VARINT_H_
#define TRAWL_SRC_UTIL_VARINT_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace trawl::util {

/// The longest encoding of a 64-bit value.
inline constexpr std::size_t kMaxVarint64Bytes = 10;

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

/// Decodes a varint at `p` (not past `end`) into `value` and advances `p`. Returns false on
/// truncated input or an encoding longer than 64 bits.
inline bool get_varint(const std::uint8_t*& p, const std::uint8_t* end,
                       std::uint64_t& value) noexcept {
  std::uint64_t result = 0;
  for (unsigned shift = 0; shift < 64 && p < end; shift += 7) {
    const std::uint8_t byte = *p++;
    if (shift == 63 && byte > 1) return false;  // would overflow 64 bits
    result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) {
      value = result;
      return true;
    }
  }
  return false;
}

/// get_varint for a value that must fit 32 bits.
inline bool get_varint32(const std::uint8_t*& p, const std::uint8_t* end,
                         std::uint32_t& value) noexcept {
  std::uint64_t wide = 0;
  if (!get_varint(p, end, wide) || wide > 0xFFFFFFFFu) return false;
  value = static_cast<std::uint32_t>(wide);
  return true;
}

inline void put_fixed32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

inline void put_fixed64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

/// Little-endian fixed-width reads. REQUIRES: 4 (or 8) readable bytes at p.
inline std::uint32_t load_fixed32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

inline std::uint64_t load_fixed64(const std::uint8_t* p) noexcept {
  return static_cast<std::uint64_t>(load_fixed32(p)) |
         static_cast<std::uint64_t>(load_fixed32(p + 4)) << 32;
}

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_VARINT_H_
