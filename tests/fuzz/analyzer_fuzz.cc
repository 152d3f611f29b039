// libFuzzer target: the analyzer on arbitrary bytes (invalid UTF-8, NULs, any script), in every
// language and option combination. Tokens must lie inside the text, in order, with valid UTF-8
// terms.
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/analysis/language.h"
#include "trawl/analysis/language_detector.h"

namespace {

bool valid_utf8(std::string_view s) {
  for (std::int32_t i = 0, n = static_cast<std::int32_t>(s.size()); i < n;) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

const std::vector<std::unique_ptr<trawl::Analyzer>>& analyzers() {
  static const auto all = [] {
    std::vector<std::unique_ptr<trawl::Analyzer>> list;
    std::vector<std::string> names = {""};  // no language: no stop words, no stemming
    for (const trawl::Language& language : trawl::languages()) names.emplace_back(language.name);
    for (const std::string& language : names) {
      for (int flags = 0; flags < 8; ++flags) {
        trawl::AnalyzerOptions options;
        options.language = language;
        options.stem = flags & 1;
        options.fold_diacritics = flags & 2;
        options.transliterate = flags & 4;
        if (auto analyzer = trawl::Analyzer::create(options)) {
          list.push_back(std::make_unique<trawl::Analyzer>(std::move(analyzer).value()));
        }
      }
    }
    return list;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& list = analyzers();
  const trawl::Analyzer& analyzer = *list[data[0] % list.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto tokens = analyzer.analyze(text);
  if (!tokens) return 0;
  std::uint32_t previous_end = 0;
  const trawl::Token* previous = nullptr;
  for (const trawl::Token& token : *tokens) {
    if (token.byte_begin > token.byte_end || token.byte_end > text.size()) __builtin_trap();
    if (previous != nullptr && token.position == previous->position) {
      // A colocated form: the word's own bytes, another term.
      if (token.byte_begin != previous->byte_begin || token.byte_end != previous->byte_end ||
          token.term == previous->term) {
        __builtin_trap();
      }
    } else if (token.byte_begin < previous_end ||
               (previous != nullptr && token.position < previous->position)) {
      __builtin_trap();
    }
    if (!valid_utf8(token.term)) __builtin_trap();
    previous_end = token.byte_end;
    previous = &token;
  }
  // Language detection reads any bytes (CLD2 is given well-formed UTF-8 only) and always
  // answers.
  trawl::LanguageDetectionOptions options;
  options.min_letters = data[0] % 32;
  if (trawl::detect_language(text, options).code.empty()) __builtin_trap();
  return 0;
}
