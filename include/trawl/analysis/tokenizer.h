// Tokenizer: the first stage of analysis, which splits UTF-8 text into words.
//
// The standard tokenizer follows Unicode word segmentation (UAX #29) as implemented by ICU's word
// BreakIterator, with ICU's dictionaries for scripts written without spaces (Chinese, Japanese,
// Thai, Lao, Khmer, Burmese). It emits words, numbers, ideographs, kana and Hangul, and emoji
// and other symbols (Extended_Pictographic, or General_Category So: "🌱", "👍🏽", "🇺🇦",
// "★", "©"), each emoji sequence one token, so "🌱plants" is found by "🌱" and by "plants"; it skips
// spaces, punctuation, and mathematical, currency and modifier symbols ("+", "$", "^", "→").
// Invalid UTF-8 is read as U+FFFD (one per maximal invalid
// subsequence, as the Unicode standard recommends), which is never part of a word: the valid
// text around it is tokenized as if the bad bytes were a space, and offsets stay exact.
//
// Texts of any length are processed in windows of bounded size, cut at whitespace, so memory
// does not grow with the text.
//
// Thread-safety: a Tokenizer object is used by one thread at a time. clone() may be called on
// one object from several threads at once (the Analyzer does that to hand out token streams).
#ifndef TRAWL_ANALYSIS_TOKENIZER_H_
#define TRAWL_ANALYSIS_TOKENIZER_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "trawl/analysis/token.h"
#include "trawl/export.h"
#include "trawl/result.h"
#include "trawl/status.h"

namespace trawl {

/// The longest text a tokenizer accepts: offsets are 32-bit.
inline constexpr std::uint64_t kMaxTextBytes = 0xFFFFFFFFu;

class TRAWL_EXPORT Tokenizer {
 public:
  virtual ~Tokenizer();

  /// Starts over on `text`, with positions counting from 0. `text` must stay alive and
  /// unchanged until advance() returns false or reset() is called again. A text longer than
  /// kMaxTextBytes yields no tokens and sets status() to InvalidArgument.
  virtual void reset(std::string_view text) = 0;

  /// Writes the next word into `token` (term = the surface form exactly as it appears in the
  /// text) and returns true; returns false at the end of the text or after an error. Reuses
  /// `token.term`'s buffer, so it does not allocate once the buffer is large enough.
  virtual bool advance(Token& token) = 0;

  /// OK, or why the last reset()/advance() stopped early. Sticky until the next reset().
  virtual Status status() const = 0;

  /// A fresh tokenizer with the same configuration and no text.
  virtual std::unique_ptr<Tokenizer> clone() const = 0;

 protected:
  Tokenizer() = default;
  Tokenizer(const Tokenizer&) = default;
  Tokenizer& operator=(const Tokenizer&) = default;
};

/// The standard Unicode word tokenizer (see the top of this file).
/// Returns Internal if ICU's word rules cannot be loaded.
TRAWL_EXPORT Result<std::unique_ptr<Tokenizer>> make_word_tokenizer();

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKENIZER_H_
