// Small bridges between ICU and trawl: error conversion and UTF-8 normalisation into reused
// buffers (UTF-8 decoding itself is util/utf8.h). ICU types stay inside src/.
#ifndef TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
#define TRAWL_SRC_ANALYSIS_ICU_UTIL_H_

#include <unicode/normalizer2.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <cstring>
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
  // Eight bytes a step (every token of the indexer passes here twice).
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  std::size_t i = 0;
  std::uint64_t any = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    any |= word;
  }
  for (; i < text.size(); ++i) any |= static_cast<unsigned char>(text[i]);
  return (any & kHigh) == 0;
}

/// NFKC_Casefold restricted to ASCII, where it is exactly A-Z -> a-z (other bytes are kept).
inline void ascii_lower_in_place(std::string& text) noexcept {
  // Eight bytes a step: a byte b below 128 is a capital when b + (128 - 'A') reaches 128 and
  // b + (128 - 'Z' - 1) does not; its bit 5 is then set. The sums are taken of the bytes'
  // low seven bits, so none carries into the next byte, and bytes from 128 on are left out.
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    const std::uint64_t low = word & ~kHigh;
    const std::uint64_t at_least_a = low + kOnes * (128 - 'A');
    const std::uint64_t above_z = low + kOnes * (128 - 'Z' - 1);
    word |= (at_least_a & ~above_z & ~word & kHigh) >> 2;
    std::memcpy(text.data() + i, &word, 8);
  }
  for (; i < text.size(); ++i) {
    char& c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ICU_UTIL_H_
