// Language detection: which language a text is written in, for collections whose documents
// come in several.
//
// CLD2 (Google's Compact Language Detector 2, Debian's libcld2-dev) scores the text's letter
// quadgrams and words against 80+ languages. Where it cannot tell (too few letters, or text it
// does not recognise), the script most of the text's letters are in decides, for the scripts one
// language dominates (Cyrillic: Russian; Greek; Hangul: Korean; kana, or Han with kana:
// Japanese; Han alone: Chinese; Thai; Hebrew; Arabic; Armenian; Georgian; Devanagari: Hindi);
// else the configured default. Why CLD2: on 13,523 paragraphs of Debian's translated manual
// pages in 11 languages it labelled 99.3% right, libexttextcat (the other detector Debian
// packages) 94.3% (scripts/language-eval; README, "Dependencies").
//
// Thread-safety: a free function over immutable tables; safe from any thread.
#ifndef TRAWL_ANALYSIS_LANGUAGE_DETECTOR_H_
#define TRAWL_ANALYSIS_LANGUAGE_DETECTOR_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "trawl/export.h"

namespace trawl {

struct LanguageDetectionOptions {
  /// A text with fewer letters than this is not given to the detector, whose guesses on a few
  /// words are noise: its script decides, or default_language. Default: 24.
  std::size_t min_letters = 24;
  /// The language of a text neither the detector nor its script decides (ISO 639-1; any
  /// string is returned as given). Default: "en".
  std::string default_language = "en";
};

struct DetectedLanguage {
  /// ISO 639-1 ("en", "ru", "zh"), or default_language.
  std::string code;
  /// What decided it.
  enum class Source { kDetector, kScript, kDefault } source = Source::kDefault;
};

/// The language of `text` (UTF-8; ill-formed bytes are read as U+FFFD, and only its first 64 KiB
/// are read). Never fails: an empty or unrecognised text is default_language.
TRAWL_EXPORT DetectedLanguage detect_language(std::string_view text,
                                              const LanguageDetectionOptions& options = {});

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_LANGUAGE_DETECTOR_H_
