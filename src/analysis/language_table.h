// The table behind trawl/analysis/language.h, shared by the stop word and stemmer factories.
#ifndef TRAWL_SRC_ANALYSIS_LANGUAGE_TABLE_H_
#define TRAWL_SRC_ANALYSIS_LANGUAGE_TABLE_H_

#include <string_view>

#include "trawl/analysis/language.h"
#include "trawl/result.h"

namespace trawl::analysis_internal {

struct LanguageEntry {
  std::string_view name;       // Snowball name
  std::string_view code;       // ISO 639-1, or empty
  std::string_view stemmer;    // libstemmer algorithm, or empty
  std::string_view stop_list;  // embedded stop list name, or empty
};

/// The entry for `name_or_code`, or InvalidArgument naming every language.
Result<LanguageEntry> find_language_entry(std::string_view name_or_code);

/// The public description of `entry`.
Language to_language(const LanguageEntry& entry);

/// The embedded stop list text called `name`, or an empty view.
std::string_view embedded_stop_list(std::string_view name);

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_LANGUAGE_TABLE_H_
