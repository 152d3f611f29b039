// The standard word tokenizer on ICU's word BreakIterator (see trawl/analysis/tokenizer.h).
#ifndef TRAWL_SRC_ANALYSIS_ICU_WORD_TOKENIZER_H_
#define TRAWL_SRC_ANALYSIS_ICU_WORD_TOKENIZER_H_

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "trawl/analysis/tokenizer.h"

namespace trawl::analysis_internal {

class IcuWordTokenizer final : public Tokenizer {
 public:
  /// Windows are cut at the first whitespace at or after this many bytes. Large enough that
  /// words never straddle a cut in real text, small enough that the UTF-16 copy stays in cache.
  static constexpr std::size_t kDefaultWindowBytes = 64 * 1024;
  /// The smallest window, which tests use to force many cuts.
  static constexpr std::size_t kMinWindowBytes = 16;
  /// Windows widen up to this size to keep a very long word whole (it costs 6 bytes of buffer
  /// per byte of text); a longer run without any break is split.
  static constexpr std::size_t kMaxWindowBytes = 1024 * 1024;

  /// REQUIRES: window_bytes >= kMinWindowBytes. With `ascii_fast_path` (the default), windows
  /// of pure ASCII text are segmented by ascii_word_segmenter.h instead of ICU, with the same
  /// result; tests turn it off to compare.
  static Result<std::unique_ptr<IcuWordTokenizer>> create(
      std::size_t window_bytes = kDefaultWindowBytes, bool ascii_fast_path = true);

  ~IcuWordTokenizer() override;

  void reset(std::string_view text) override;
  bool advance(Token& token) override;
  Status status() const override { return status_; }
  std::unique_ptr<Tokenizer> clone() const override;

 private:
  IcuWordTokenizer(std::unique_ptr<icu::BreakIterator> breaker, std::size_t window_bytes,
                   bool ascii_fast_path);

  struct WindowCut {
    std::size_t bytes;  // the window is rest[0, bytes)
    bool safe;          // no segment crosses the cut, so every boundary found is final
  };

  // Decodes the next window of text_ and points the break iterator at it (or, for ASCII, just
  // marks it); false at the end.
  bool load_window();
  // The length of an all-ASCII window at text_[begin] that ends after a whitespace (or at the
  // end of the text), about `window` bytes long; 0 if there is none.
  std::size_t ascii_window(std::size_t begin, std::size_t window);
  // The size to ask for an ICU window at the start of `rest`: all of `window` for text that is
  // mostly not ASCII, else just past the first non-ASCII character, so that ASCII resumes soon.
  static std::size_t icu_window(std::string_view rest, std::size_t window);
  // Where to end a window that starts at rest[0] and should span about `window` bytes.
  static WindowCut choose_cut(std::string_view rest, std::size_t window);
  // Fills `token` with text_[byte_begin, byte_end) at the next position.
  void emit(std::size_t byte_begin, std::size_t byte_end, Token& token);
  // Whether the code point at units_[unit] is a pictograph (emoji) or another symbol ("★",
  // "©", a regional indicator of a flag): a segment starting with one is a token.
  bool symbol_at(std::int32_t unit) const;
  // Fills units_ and offsets_ from `bytes`.
  void decode(std::string_view bytes);

  std::unique_ptr<icu::BreakIterator> breaker_;
  mutable std::mutex clone_mutex_;  // clone() reads breaker_, which ICU does not promise is safe
  std::size_t window_bytes_;
  bool ascii_fast_path_;
  bool ascii_window_ = false;     // the current window is ASCII: segmented without ICU
  std::size_t ascii_cursor_ = 0;  // byte where the next ASCII segment starts
  std::size_t ascii_end_ = 0;     // byte where the ASCII window ends
  std::size_t ascii_run_end_ = 0; // text_ is ASCII from the current window's start to here

  std::string_view text_;
  std::size_t next_window_ = 0;  // byte where the next window starts
  std::size_t window_base_ = 0;  // byte where the current window starts
  bool window_loaded_ = false;
  std::vector<UChar> units_;            // the window in UTF-16
  std::vector<std::uint32_t> offsets_;  // byte (from window_base_) of each unit, plus the end
  std::int32_t boundary_ = 0;           // the current boundary, in units
  std::int32_t trusted_limit_ = 0;      // boundaries past this belong to the next window
  Position position_ = 0;
  Status status_;
  UText utext_ = UTEXT_INITIALIZER;
};

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ICU_WORD_TOKENIZER_H_
