#include <algorithm>
#include <array>
#include <string>

#include "analysis/icu_util.h"
#include "analysis/language_table.h"
#include "analysis/stop_words_data.h"
#include "trawl/analysis/language.h"

namespace trawl {
namespace analysis_internal {
namespace {

// Every libstemmer 2.2 algorithm (tests/analysis/language_test.cc checks the list against
// sb_stemmer_list()), plus languages that only have a stop word list, and Chinese and Japanese,
// which have neither (ICU segments them; CJK bigrams are on by default). Sorted by name.
constexpr std::array<LanguageEntry, 32> kLanguages = {{
    {"arabic", "ar", "arabic", ""},
    {"armenian", "hy", "armenian", ""},
    {"basque", "eu", "basque", ""},
    {"catalan", "ca", "catalan", ""},
    {"chinese", "zh", "", ""},
    {"danish", "da", "danish", "danish"},
    {"dutch", "nl", "dutch", "dutch"},
    {"english", "en", "english", "english"},
    {"finnish", "fi", "finnish", "finnish"},
    {"french", "fr", "french", "french"},
    {"german", "de", "german", "german"},
    {"greek", "el", "greek", ""},
    {"hindi", "hi", "hindi", ""},
    {"hungarian", "hu", "hungarian", "hungarian"},
    {"indonesian", "id", "indonesian", "indonesian"},
    {"irish", "ga", "irish", "irish"},
    {"italian", "it", "italian", "italian"},
    {"japanese", "ja", "", ""},
    {"lithuanian", "lt", "lithuanian", ""},
    {"nepali", "ne", "nepali", ""},
    {"norwegian", "no", "norwegian", "norwegian"},
    {"porter", "", "porter", "english"},
    {"portuguese", "pt", "portuguese", "portuguese"},
    {"romanian", "ro", "romanian", ""},
    {"russian", "ru", "russian", "russian"},
    {"serbian", "sr", "serbian", ""},
    {"sesotho", "st", "", "sesotho"},
    {"spanish", "es", "spanish", "spanish"},
    {"swedish", "sv", "swedish", "swedish"},
    {"tamil", "ta", "tamil", ""},
    {"turkish", "tr", "turkish", ""},
    {"yiddish", "yi", "yiddish", ""},
}};

}  // namespace

Result<LanguageEntry> find_language_entry(std::string_view name_or_code) {
  std::string key(name_or_code);
  ascii_lower_in_place(key);
  for (const LanguageEntry& entry : kLanguages) {
    if (entry.name == key || (!entry.code.empty() && entry.code == key)) return entry;
  }
  return Status::invalid_argument("unknown language '" + std::string(name_or_code) +
                                  "' (known: " + language_list() +
                                  "; 'none' for any other, e.g. Chinese, Japanese or Thai, which "
                                  "ICU segments without a stemmer)");
}

std::string_view embedded_stop_list(std::string_view name) {
  for (std::size_t i = 0; i < kEmbeddedStopListCount; ++i) {
    if (name == kEmbeddedStopLists[i].language) return kEmbeddedStopLists[i].text;
  }
  return {};
}

Language to_language(const LanguageEntry& entry) {
  return Language{entry.name, entry.code, !entry.stemmer.empty(),
                  !embedded_stop_list(entry.stop_list).empty()};
}

}  // namespace analysis_internal

std::vector<Language> languages() {
  std::vector<Language> all;
  all.reserve(analysis_internal::kLanguages.size());
  for (const auto& entry : analysis_internal::kLanguages) {
    all.push_back(analysis_internal::to_language(entry));
  }
  return all;
}

Result<Language> find_language(std::string_view name_or_code) {
  TRAWL_ASSIGN_OR_RETURN(auto entry, analysis_internal::find_language_entry(name_or_code));
  return analysis_internal::to_language(entry);
}

std::string language_list() {
  std::string list;
  for (const auto& entry : analysis_internal::kLanguages) {
    if (!list.empty()) list += ", ";
    list += entry.name;
    if (!entry.code.empty()) {
      list += '/';
      list += entry.code;
    }
  }
  return list;
}

}  // namespace trawl
