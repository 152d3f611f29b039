#include "analysis/icu_word_tokenizer.h"

#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <climits>
#include <utility>

#include "analysis/ascii_word_segmenter.h"
#include "analysis/icu_util.h"

namespace trawl {

Tokenizer::~Tokenizer() = default;

Result<std::unique_ptr<Tokenizer>> make_word_tokenizer() {
  TRAWL_ASSIGN_OR_RETURN(auto tokenizer, analysis_internal::IcuWordTokenizer::create());
  return std::unique_ptr<Tokenizer>(std::move(tokenizer));
}

namespace analysis_internal {
namespace {

bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool is_utf8_continuation(char c) noexcept {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// If a character that UAX #29 always separates from its neighbours (word break property Other,
// never Mid*) starts at rest[i], the byte just past it; otherwise 0. ASCII brackets and "!?",
// and the ideographic space, comma and full stops that Chinese and Japanese use between
// sentences.
std::size_t hard_break_end(std::string_view rest, std::size_t i) noexcept {
  switch (rest[i]) {
    case '!': case '?': case '(': case ')': case '[': case ']': case '{': case '}':
      return i + 1;
    default:
      break;
  }
  static constexpr std::string_view kWide[] = {
      "\xE3\x80\x80",  // U+3000 ideographic space
      "\xE3\x80\x81",  // U+3001 ideographic comma
      "\xE3\x80\x82",  // U+3002 ideographic full stop
      "\xEF\xBC\x81",  // U+FF01 fullwidth exclamation mark
      "\xEF\xBC\x8C",  // U+FF0C fullwidth comma
      "\xEF\xBC\x9F",  // U+FF1F fullwidth question mark
  };
  for (std::string_view wide : kWide) {
    if (rest.substr(i, wide.size()) == wide) return i + wide.size();
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<IcuWordTokenizer>> IcuWordTokenizer::create(std::size_t window_bytes,
                                                                   bool ascii_fast_path) {
  UErrorCode code = U_ZERO_ERROR;
  // The root locale: UAX #29 word rules plus ICU's dictionaries, which are chosen by script,
  // not by locale, so one tokenizer serves every language.
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), code));
  if (U_FAILURE(code) || breaker == nullptr) {
    return icu_error("word tokenizer: creating ICU's word break iterator", code);
  }
  return std::unique_ptr<IcuWordTokenizer>(new IcuWordTokenizer(
      std::move(breaker), std::max(window_bytes, kMinWindowBytes), ascii_fast_path));
}

IcuWordTokenizer::IcuWordTokenizer(std::unique_ptr<icu::BreakIterator> breaker,
                                   std::size_t window_bytes, bool ascii_fast_path)
    : breaker_(std::move(breaker)), window_bytes_(window_bytes), ascii_fast_path_(ascii_fast_path) {}

IcuWordTokenizer::~IcuWordTokenizer() { utext_close(&utext_); }

std::unique_ptr<Tokenizer> IcuWordTokenizer::clone() const {
  std::unique_ptr<icu::BreakIterator> copy;
  {
    std::lock_guard<std::mutex> lock(clone_mutex_);
    copy.reset(breaker_->clone());
  }
  if (copy == nullptr) throw std::bad_alloc();
  return std::unique_ptr<Tokenizer>(
      new IcuWordTokenizer(std::move(copy), window_bytes_, ascii_fast_path_));
}

void IcuWordTokenizer::reset(std::string_view text) {
  status_ = Status();
  position_ = 0;
  next_window_ = 0;
  ascii_run_end_ = 0;
  window_loaded_ = false;
  text_ = text;
  if (text.size() > kMaxTextBytes) {
    status_ = Status::invalid_argument("word tokenizer: text of " + std::to_string(text.size()) +
                                       " bytes exceeds the 4 GiB limit");
    text_ = {};
  }
}

bool IcuWordTokenizer::load_window() {
  if (next_window_ >= text_.size()) return false;
  const std::size_t begin = next_window_;
  std::size_t window = window_bytes_;
  ascii_window_ = false;
  if (ascii_fast_path_) {
    const std::string_view rest = text_.substr(begin);
    if (const std::size_t bytes = ascii_window(begin, window); bytes > 0) {
      ascii_window_ = true;
      window_base_ = begin;
      ascii_cursor_ = begin;
      ascii_end_ = begin + bytes;
      next_window_ = ascii_end_;
      return true;
    }
    window = icu_window(rest, window);
  }
  for (;;) {
    const WindowCut cut = choose_cut(text_.substr(begin), window);
    decode(text_.substr(begin, cut.bytes));
    UErrorCode code = U_ZERO_ERROR;
    const auto unit_count = static_cast<std::int32_t>(units_.size());
    utext_openUChars(&utext_, units_.data(), unit_count, &code);
    breaker_->setText(&utext_, code);
    if (U_FAILURE(code)) {
      status_ = icu_error("word tokenizer: setting the text", code);
      return false;
    }
    trusted_limit_ = unit_count;
    if (!cut.safe) {
      // The cut may have truncated the last segment, and UAX #29 looks ahead up to two
      // characters, so the segment before it is not final either: hold both back.
      breaker_->last();
      breaker_->previous();
      const std::int32_t hold_from = breaker_->previous();
      if (hold_from <= 0) {
        // One or two segments fill the window: a very long word. Widen and try again, up to a
        // bound that keeps memory in check; past it the word is split.
        if (window < kMaxWindowBytes) {
          window *= 2;
          continue;
        }
      } else {
        trusted_limit_ = hold_from;
      }
    }
    break;
  }
  window_base_ = begin;
  next_window_ = begin + offsets_[static_cast<std::size_t>(trusted_limit_)];
  boundary_ = breaker_->first();
  return true;
}

std::size_t IcuWordTokenizer::ascii_window(std::size_t begin, std::size_t window) {
  const std::string_view rest = text_.substr(begin);
  const std::size_t limit = std::min(rest.size(), 2 * window);
  // Each window looks up to twice its size ahead: the part the last look found ASCII is not
  // scanned again.
  std::size_t ascii = std::min(limit, ascii_run_end_ > begin ? ascii_run_end_ - begin : 0);
  while (ascii < limit && static_cast<unsigned char>(rest[ascii]) < 0x80) ++ascii;
  ascii_run_end_ = std::max(ascii_run_end_, begin + ascii);
  if (ascii == rest.size()) return ascii;  // the rest of the text, all ASCII
  // Cut right after whitespace (no segment spans it), as choose_cut does: the first one past
  // the window, else the last one before it.
  for (std::size_t i = window; i < ascii; ++i) {
    if (is_ascii_space(rest[i])) return i + 1;
  }
  for (std::size_t i = std::min(ascii, window); i-- > 0;) {
    if (is_ascii_space(rest[i])) return i + 1;
  }
  return 0;
}

std::size_t IcuWordTokenizer::icu_window(std::string_view rest, std::size_t window) {
  const std::size_t span = std::min(rest.size(), window);
  std::size_t first = span;
  std::size_t non_ascii = 0;
  for (std::size_t i = 0; i < span; ++i) {
    if (static_cast<unsigned char>(rest[i]) >= 0x80) {
      first = std::min(first, i);
      ++non_ascii;
    }
  }
  // Mostly other scripts: ICU windows as usual. An accent or a typographic quote in English:
  // a short ICU window over it (256 bytes on, to the next whitespace), then ASCII again.
  if (non_ascii * 8 > span) return window;
  return std::max(kMinWindowBytes, std::min(window, first + 256));
}

IcuWordTokenizer::WindowCut IcuWordTokenizer::choose_cut(std::string_view rest,
                                                         std::size_t window) {
  if (rest.size() <= window) return {rest.size(), true};
  // A cut right after whitespace is safe: no UAX #29 word spans whitespace. Prefer the first
  // whitespace past the window, then the last one inside it.
  const std::size_t search_end = std::min(rest.size(), 2 * window);
  for (std::size_t i = window; i < search_end; ++i) {
    if (is_ascii_space(rest[i])) return {i + 1, true};
  }
  for (std::size_t i = window - 1; i > 0; --i) {
    if (is_ascii_space(rest[i])) return {i + 1, true};
  }
  // Text without spaces (Chinese, Japanese, Thai, or garbage): cut after a character that
  // always ends a segment on both sides, such as an ideographic full stop.
  for (std::size_t i = window - 1; i > 0; --i) {
    const std::size_t after = hard_break_end(rest, i);
    if (after != 0) return {after, true};
  }
  std::size_t end = window;
  // Never cut inside a valid UTF-8 sequence (at most 3 continuation bytes).
  for (int i = 0; i < 3 && is_utf8_continuation(rest[end]); ++i) --end;
  return {end, false};
}

void IcuWordTokenizer::decode(std::string_view bytes) {
  const auto length = static_cast<std::int32_t>(bytes.size());
  units_.clear();
  offsets_.clear();
  for (std::int32_t i = 0; i < length;) {
    const auto at = static_cast<std::uint32_t>(i);
    const char32_t c = util::next_code_point(bytes.data(), i, length);
    if (c <= 0xFFFF) {
      units_.push_back(static_cast<UChar>(c));
      offsets_.push_back(at);
    } else {
      units_.push_back(U16_LEAD(c));
      units_.push_back(U16_TRAIL(c));
      offsets_.push_back(at);
      offsets_.push_back(at);
    }
  }
  offsets_.push_back(static_cast<std::uint32_t>(length));
}

bool IcuWordTokenizer::symbol_at(std::int32_t unit) const {
  // A segment starts on a code point: a lone unit, or a lead surrogate and its trail.
  const auto at = static_cast<std::size_t>(unit);
  char32_t c = units_[at];
  if (c >= 0xD800 && c <= 0xDBFF && at + 1 < units_.size() && units_[at + 1] >= 0xDC00 &&
      units_[at + 1] <= 0xDFFF) {
    c = 0x10000 + ((c - 0xD800) << 10) + (units_[at + 1] - 0xDC00u);
  }
  // U+FFFD, a symbol too, stands for invalid UTF-8 (and U+FFFC for an embedded object): never
  // a word.
  if (c == 0xFFFD || c == 0xFFFC) return false;
  const auto point = static_cast<UChar32>(c);
  return u_hasBinaryProperty(point, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_charType(point) == U_OTHER_SYMBOL;
}

void IcuWordTokenizer::emit(std::size_t byte_begin, std::size_t byte_end, Token& token) {
  token.term.assign(text_.data() + byte_begin, byte_end - byte_begin);
  token.byte_begin = static_cast<std::uint32_t>(byte_begin);
  token.byte_end = static_cast<std::uint32_t>(byte_end);
  token.position = position_++;
}

bool IcuWordTokenizer::advance(Token& token) {
  if (!status_.ok()) return false;
  for (;;) {
    if (!window_loaded_) {
      if (!load_window()) return false;
      window_loaded_ = true;
    }
    if (ascii_window_) {
      const std::string_view window = text_.substr(0, ascii_end_);
      while (ascii_cursor_ < ascii_end_) {
        const std::size_t begin = ascii_cursor_;
        const AsciiSegment segment = next_ascii_segment(window, begin);
        ascii_cursor_ = segment.end;
        if (!segment.token) continue;
        emit(begin, segment.end, token);
        return true;
      }
      window_loaded_ = false;
      continue;
    }
    if (boundary_ >= trusted_limit_) {
      window_loaded_ = false;
      continue;
    }
    const std::int32_t begin = boundary_;
    boundary_ = breaker_->next();
    // Rule status below UBRK_WORD_NONE_LIMIT marks spaces, punctuation and symbols; numbers,
    // letters, kana and ideographs are all above it. Of the rest, pictographs and other symbols
    // are words too (an emoji sequence or a flag is one segment).
    if (breaker_->getRuleStatus() < UBRK_WORD_NONE_LIMIT && !symbol_at(begin)) continue;

    emit(window_base_ + offsets_[static_cast<std::size_t>(begin)],
         window_base_ + offsets_[static_cast<std::size_t>(boundary_)], token);
    return true;
  }
}

}  // namespace analysis_internal
}  // namespace trawl
