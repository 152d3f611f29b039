// Small bridges between ICU and trawl: error conversion and UTF-8 normalisation into reused
// buffers. ICU types stay inside src/.
#ifndef TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
#define TRAWL_SRC_ANALYSIS_ICU_UTIL_H_

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <cstdint>

#include <string>
#include <string_view>

#include "trawl/result.h"
#include "trawl/status.h"

namespace trawl::analysis_internal {

/// An Internal status "<where>: ICU error <name>".
Status icu_error(std::string_view where, UErrorCode code);

/// ICU's shared, immutable normalisers (thread-safe by ICU's contract).
Result<const icu::Normalizer2*> nfkc_casefold_normalizer();
Result<const icu::Normalizer2*> nfd_normalizer();
Result<const icu::Normalizer2*> nfc_normalizer();

/// Replaces `out` with `normalizer` applied to the UTF-8 text `in`. ICU copies ill-formed
/// bytes through unchanged. Keeps `out`'s capacity.
Status normalize_utf8(const icu::Normalizer2& normalizer, std::string_view in, std::string& out);

inline bool is_ascii(std::string_view text) noexcept {
  unsigned char any = 0;
  for (char c : text) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

/// NFKC_Casefold restricted to ASCII, where it is exactly A-Z -> a-z.
inline void ascii_lower_in_place(std::string& text) noexcept {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

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

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
