// Small bridges between ICU and trawl: error conversion and UTF-8 normalisation into reused
// buffers (UTF-8 decoding itself is util/utf8.h). ICU types stay inside src/.
#ifndef TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
#define TRAWL_SRC_ANALYSIS_ICU_UTIL_H_

#include <unicode/normalizer2.h>
#include <unicode/utypes.h>

#include <cstdint>

#include <string>
#include <string_view>

#include "trawl/result.h"
#include "trawl/status.h"
#include "util/utf8.h"

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

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
