#include "analysis/icu_util.h"

#include <unicode/bytestream.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <climits>

namespace trawl::analysis_internal {

Status icu_error(std::string_view where, UErrorCode code) {
  std::string message(where);
  message += ": ICU error ";
  message += u_errorName(code);
  return Status::internal(message);
}

namespace {
using NormalizerGetter = const icu::Normalizer2* (*)(UErrorCode&);

Result<const icu::Normalizer2*> get_normalizer(NormalizerGetter getter, std::string_view name) {
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = getter(code);
  if (U_FAILURE(code) || normalizer == nullptr) {
    return icu_error(std::string("loading the ") + std::string(name) + " normalizer", code);
  }
  return normalizer;
}
}  // namespace

Result<const icu::Normalizer2*> nfkc_casefold_normalizer() {
  return get_normalizer(&icu::Normalizer2::getNFKCCasefoldInstance, "NFKC_Casefold");
}
Result<const icu::Normalizer2*> nfd_normalizer() {
  return get_normalizer(&icu::Normalizer2::getNFDInstance, "NFD");
}
Result<const icu::Normalizer2*> nfc_normalizer() {
  return get_normalizer(&icu::Normalizer2::getNFCInstance, "NFC");
}

Status normalize_utf8(const icu::Normalizer2& normalizer, std::string_view in, std::string& out) {
  out.clear();
  if (in.size() > static_cast<std::size_t>(INT32_MAX)) {
    return Status::invalid_argument("normalize: term longer than 2 GiB");
  }
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode code = U_ZERO_ERROR;
  normalizer.normalizeUTF8(0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())), sink,
                           nullptr, code);
  if (U_FAILURE(code)) return icu_error("normalize", code);
  return {};
}

bool replace_invalid_utf8(std::string_view in, std::string& out) {
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(in.size(), INT32_MAX));
  bool valid = true;
  for (std::int32_t i = 0; i < length && valid;) valid = decode_utf8(in.data(), i, length) >= 0;
  if (valid) return false;
  out.clear();
  for (std::int32_t i = 0; i < length;) append_utf8(out, next_code_point(in.data(), i, length));
  return true;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace trawl::analysis_internal
