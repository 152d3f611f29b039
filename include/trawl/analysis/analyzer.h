// Analyzer: a named chain of a tokenizer and token filters that turns the text of a field (or a
// query) into index terms.
//
// The standard analyzer for a language is one call away:
//   trawl::Result<trawl::Analyzer> en = trawl::Analyzer::standard("en");
// and runs: Unicode word tokenizer -> length limit (255 bytes) -> NFKC_Casefold -> the language's
// stop words -> its Snowball stemmer. AnalyzerOptions switch parts off or add transliteration
// (before the stemmer) and diacritic folding (after it);
// the constructor assembles any chain, including your own Tokenizer and TokenFilter classes.
//
// An Analyzer holds only immutable prototypes: copying it is cheap, and every thread gets its
// own state through token_stream().
//
// Example:
//   auto analyzer = trawl::Analyzer::standard("english");
//   if (!analyzer) return analyzer.error();
//   trawl::TokenStream stream = analyzer->token_stream();
//   stream.reset("Peace talks began in Geneva");
//   while (stream.advance()) std::cout << stream.token().term << '\n';  // peac talk began geneva
//
// Thread-safety: all const methods may be called from any number of threads at once.
#ifndef TRAWL_ANALYSIS_ANALYZER_H_
#define TRAWL_ANALYSIS_ANALYZER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/analysis/token.h"
#include "trawl/analysis/token_filter.h"
#include "trawl/analysis/token_stream.h"
#include "trawl/analysis/tokenizer.h"
#include "trawl/export.h"
#include "trawl/result.h"

namespace trawl {

struct AnalyzerOptions {
  /// Snowball name or ISO 639-1 code ("english", "en"); see language.h. "none" or an empty
  /// string means no language: no stop words and no stemming. Default: "english".
  std::string language = "english";
  /// Apply the language's Snowball stemmer (if it has one). Stemming raises recall and lets
  /// "talks" match "talk", at the cost of some precision. Default: true.
  bool stem = true;
  /// Remove the language's stop words (if trawl ships a list for it). Shrinks the index and
  /// speeds up queries; phrase queries keep their distances. Default: true.
  bool stop_words = true;
  /// Remove diacritics after stemming ("café" and "cafe" become one term). Helps users who
  /// type without accents; merges words that differ only by accents. Default: false.
  bool fold_diacritics = false;
  /// Tokens longer than this many bytes (before normalisation) are dropped. Default: 255.
  std::size_t max_token_bytes = 255;
  /// Cross-script matching: words get colocated forms in the other script
  /// (make_transliterate_filter, after stop words and before stemming; and the stems'
  /// romanisations, make_romanize_filter, after it), so that "Moskva" finds "Москве",
  /// "Yeltsin" finds "Ельцина" and "Москва" finds "Moskva". Default: false.
  bool transliterate = false;
  /// Han and kana words of three or more characters also get their overlapping two-character
  /// pieces as colocated forms (make_cjk_bigram_filter), so that a query the dictionary
  /// segments differently still matches: "人民" finds "中华人民共和国". Unset: on for Chinese and
  /// Japanese, off otherwise.
  std::optional<bool> cjk_bigrams = std::nullopt;
  /// Katakana fold to hiragana ("カタカナ" = "かたかな"; make_kana_fold_filter). Default: false.
  bool fold_kana = false;
  /// Groups of words that mean the same (make_synonym_filter; parse_synonyms reads a list):
  /// each word also stands as the others, after normalisation and before stop words and
  /// stemming. Default: none.
  std::vector<std::vector<std::string>> synonyms = {};

  /// Equal options make equal terms of equal text.
  friend bool operator==(const AnalyzerOptions& a, const AnalyzerOptions& b) {
    return a.language == b.language && a.stem == b.stem && a.stop_words == b.stop_words &&
           a.fold_diacritics == b.fold_diacritics && a.max_token_bytes == b.max_token_bytes &&
           a.transliterate == b.transliterate && a.cjk_bigrams == b.cjk_bigrams &&
           a.fold_kana == b.fold_kana && a.synonyms == b.synonyms;
  }
  friend bool operator!=(const AnalyzerOptions& a, const AnalyzerOptions& b) { return !(a == b); }
};

class TRAWL_EXPORT Analyzer {
 public:
  /// The standard analyzer for `language` with default options.
  /// Returns InvalidArgument (naming the known languages) for an unknown language.
  static Result<Analyzer> standard(std::string_view language);

  /// The standard chain configured by `options`.
  /// Returns InvalidArgument for an unknown language or max_token_bytes == 0, and Internal if
  /// ICU data cannot be loaded.
  static Result<Analyzer> create(const AnalyzerOptions& options);

  /// A custom chain: `tokenizer`, then each filter in order. The objects serve as prototypes
  /// that token_stream() clones. REQUIRES: tokenizer and every filter are non-null.
  Analyzer(std::string name, std::shared_ptr<const Tokenizer> tokenizer,
           std::vector<std::shared_ptr<const TokenFilter>> filters);

  /// A short description of the chain, e.g. "english" or "russian+fold-nostem".
  const std::string& name() const noexcept { return name_; }

  /// A new stream with its own tokenizer and filter state. Costs a few microseconds (it clones
  /// ICU's break iterator): keep the stream for many texts rather than making one per text.
  TokenStream token_stream() const;

  /// Every token of `text`, for convenience (allocates; use token_stream() in loops). Safe to
  /// call from several threads at once: it reuses idle streams (a few, shared by the copies of
  /// this analyzer) rather than cloning one per call.
  Result<std::vector<Token>> analyze(std::string_view text) const;

  /// The index term of `surface`, a word as TokenStream::surface() gives it (normalised, not
  /// yet stemmed): the rest of the chain run on it. Empty if a filter drops it. Thread-safe as
  /// analyze().
  Result<std::string> term_of_surface(std::string_view surface) const;

 private:
  struct StreamPool;

  std::string name_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::vector<std::shared_ptr<const TokenFilter>> filters_;
  std::shared_ptr<StreamPool> pool_;  // analyze()'s idle streams
};

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_ANALYZER_H_
