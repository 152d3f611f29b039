#include "trawl/analysis/language_detector.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <utility>

// After <cstdio>: compact_lang_det.h uses FILE without including it.
// clang-format off
#include <cld2/public/compact_lang_det.h>
// clang-format on

#include "util/utf8.h"

namespace trawl {
namespace {

// Text read for detection: CLD2 decides on far less, and this bounds the copy.
constexpr std::size_t kMaxBytes = 64 * 1024;

// The scripts one language dominates, with it.
constexpr std::array<std::pair<UScriptCode, const char*>, 12> kScriptLanguages = {{
    {USCRIPT_CYRILLIC, "ru"},
    {USCRIPT_GREEK, "el"},
    {USCRIPT_HANGUL, "ko"},
    {USCRIPT_HIRAGANA, "ja"},
    {USCRIPT_KATAKANA, "ja"},
    {USCRIPT_HAN, "zh"},
    {USCRIPT_THAI, "th"},
    {USCRIPT_HEBREW, "he"},
    {USCRIPT_ARABIC, "ar"},
    {USCRIPT_ARMENIAN, "hy"},
    {USCRIPT_GEORGIAN, "ka"},
    {USCRIPT_DEVANAGARI, "hi"},
}};

// The language of the script most letters are in, or nullptr. Japanese writes Han with kana:
// any kana makes a text of Han letters Japanese.
const char* script_language(const std::array<std::size_t, kScriptLanguages.size()>& letters) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < letters.size(); ++i) {
    if (letters[i] > letters[best]) best = i;
  }
  if (letters[best] == 0) return nullptr;
  if (kScriptLanguages[best].first == USCRIPT_HAN && (letters[3] > 0 || letters[4] > 0)) {
    return "ja";
  }
  return kScriptLanguages[best].second;
}

}  // namespace

DetectedLanguage detect_language(std::string_view text, const LanguageDetectionOptions& options) {
  // Well-formed UTF-8 for CLD2 (which trusts its input), counting letters and their scripts.
  std::string valid;
  valid.reserve(std::min(text.size(), kMaxBytes) + 4);
  std::size_t letters = 0, latin = 0;
  std::array<std::size_t, kScriptLanguages.size()> by_script{};
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), kMaxBytes));
  for (std::int32_t at = 0; at < length;) {
    const char32_t c = util::next_code_point(text.data(), at, length);
    util::append_utf8(valid, c);
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    ++letters;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (U_FAILURE(status)) continue;
    if (script == USCRIPT_LATIN) ++latin;
    for (std::size_t i = 0; i < kScriptLanguages.size(); ++i) {
      if (kScriptLanguages[i].first == script) ++by_script[i];
    }
  }
  if (letters >= options.min_letters) {
    bool reliable = false;
    const CLD2::Language language = CLD2::DetectLanguage(
        valid.data(), static_cast<int>(valid.size()), /*is_plain_text=*/true, &reliable);
    // A two-letter code ("en", "zh"; CLD2 writes "zh-Hant" for traditional Chinese and "un"
    // for unknown).
    const std::string code = CLD2::LanguageCode(language);
    const std::string primary = code.substr(0, code.find('-'));
    if (language != CLD2::UNKNOWN_LANGUAGE && primary.size() == 2) {
      return {primary, DetectedLanguage::Source::kDetector};
    }
  }
  const char* by_letters = script_language(by_script);
  std::size_t scripted = 0;
  for (const std::size_t n : by_script) scripted += n;
  if (by_letters != nullptr && scripted > latin) {
    return {by_letters, DetectedLanguage::Source::kScript};
  }
  return {options.default_language, DetectedLanguage::Source::kDefault};
}

}  // namespace trawl
