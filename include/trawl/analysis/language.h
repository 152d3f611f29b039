// Language: the languages trawl's analysis knows, by Snowball name or ISO 639-1 code.
//
// Every stemming algorithm that libstemmer offers is a language here (29 in libstemmer 2.2,
// counting "porter", Martin Porter's original English algorithm, which uses the English stop
// words), plus languages that have only a stop word list (sesotho). Names are matched without
// regard to ASCII case: "english", "English" and "en" are the same language.
//
// Thread-safety: free functions over immutable data; safe from any thread.
#ifndef TRAWL_ANALYSIS_LANGUAGE_H_
#define TRAWL_ANALYSIS_LANGUAGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "trawl/export.h"
#include "trawl/result.h"

namespace trawl {

struct Language {
  /// Snowball's name, lower case ("english"). Points to static storage.
  std::string_view name;
  /// ISO 639-1 code ("en"); empty for "porter". Points to static storage.
  std::string_view code;
  /// True when a Snowball stemmer exists for the language.
  bool has_stemmer = false;
  /// True when trawl ships a stop word list for the language.
  bool has_stop_words = false;
};

/// All known languages, sorted by name.
TRAWL_EXPORT std::vector<Language> languages();

/// The language called `name_or_code` ("english", "en", "EN"). Returns InvalidArgument naming
/// the languages that exist when there is no such language.
TRAWL_EXPORT Result<Language> find_language(std::string_view name_or_code);

/// "arabic/ar, armenian/hy, ...": the list used in error messages and usage texts.
TRAWL_EXPORT std::string language_list();

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_LANGUAGE_H_
