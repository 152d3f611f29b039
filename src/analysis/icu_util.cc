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

}  // namespace trawl::analysis_internal
