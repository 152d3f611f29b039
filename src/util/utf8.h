// UTF-8 decoding and repair, shared by analysis, highlighting and anything else that walks
// text by code point. ICU's U8_NEXT does the decoding (it follows Unicode's recommended
// handling of ill-formed sequences); only the macro header is used.
#ifndef TRAWL_SRC_UTIL_UTF8_H_
#define TRAWL_SRC_UTIL_UTF8_H_

#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace trawl::util {

/// Decodes the code point at bytes[i] and advances i past it; an ill-formed sequence yields a
/// negative value and advances over its maximal subpart (Unicode's recommended practice).
/// REQUIRES: 0 <= i < length.
inline UChar32 decode_utf8(const char* bytes, std::int32_t& i, std::int32_t length) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes);
  UChar32 c;
  // ICU's macro narrows ints internally; the conversions are intended.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
  U8_NEXT(s, i, length, c);
#pragma GCC diagnostic pop
  return c;
}

/// decode_utf8 with ill-formed sequences read as U+FFFD.
inline char32_t next_code_point(const char* bytes, std::int32_t& i, std::int32_t length) noexcept {
  const UChar32 c = decode_utf8(bytes, i, length);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

/// If `in` holds ill-formed UTF-8, writes it to `out` with each maximal ill-formed subpart
/// replaced by U+FFFD and returns true; returns false (leaving `out` alone) if `in` is valid.
bool replace_invalid_utf8(std::string_view in, std::string& out);

/// Appends code point `c` (a valid scalar value) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_UTF8_H_
