// Word segmentation of pure ASCII text that gives exactly what ICU's word BreakIterator (root
// locale, ICU 72) gives for it, with the same keep-or-drop decision the tokenizer makes from
// ICU's rule status, at a fraction of the cost (no UTF-16 copy, no state machine).
//
// For ASCII, UAX #29 as ICU tailors it comes down to these classes:
//   letter     A-Z a-z @        (ICU adds '@' to ALetter)
//   numeric    0-9
//   extend     _                (ExtendNumLet)
//   mid-q      . '              (MidNumLet, Single_Quote: between letters or between digits)
//   mid-num    , ;              (MidNum: between digits only)
//   other      everything else  (':' too: ICU removes it from MidLetter)
// and these rules: letters, digits and '_' join in any order (WB5, WB8-10, WB13a/b); a mid-q
// joins letter-mid-letter and digit-mid-digit, a mid-num digit-mid-digit (WB6/7, WB11/12);
// everything else breaks. A segment is a token if it holds a letter or a digit or is at least
// two characters long ("__" is tagged as a word, a lone "_" is not); other segments (spaces,
// punctuation) have ICU's "none" status and are dropped.
//
// tests/analysis/tokenizer_test.cc checks this against ICU on real and random text.
#ifndef TRAWL_SRC_ANALYSIS_ASCII_WORD_SEGMENTER_H_
#define TRAWL_SRC_ANALYSIS_ASCII_WORD_SEGMENTER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trawl::analysis_internal {

enum class AsciiWordClass : std::uint8_t { kOther, kLetter, kNumeric, kExtend, kMidQ, kMidNum };

inline constexpr std::array<AsciiWordClass, 128> kAsciiWordClasses = [] {
  std::array<AsciiWordClass, 128> classes{};
  for (int c = 'a'; c <= 'z'; ++c) classes[static_cast<std::size_t>(c)] = AsciiWordClass::kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) classes[static_cast<std::size_t>(c)] = AsciiWordClass::kLetter;
  for (int c = '0'; c <= '9'; ++c) classes[static_cast<std::size_t>(c)] = AsciiWordClass::kNumeric;
  classes['@'] = AsciiWordClass::kLetter;
  classes['_'] = AsciiWordClass::kExtend;
  classes['.'] = AsciiWordClass::kMidQ;
  classes['\''] = AsciiWordClass::kMidQ;
  classes[','] = AsciiWordClass::kMidNum;
  classes[';'] = AsciiWordClass::kMidNum;
  return classes;
}();

/// The class of ASCII byte `c`. REQUIRES: c < 0x80.
inline AsciiWordClass ascii_word_class(char c) noexcept {
  return kAsciiWordClasses[static_cast<unsigned char>(c)];
}

struct AsciiSegment {
  std::size_t end;  ///< one past the segment's last byte
  bool token;       ///< ICU tags it as a word (letters, numbers); false for spaces, punctuation
};

/// The segment that starts at text[begin]. REQUIRES: begin < text.size(), text all ASCII.
inline AsciiSegment next_ascii_segment(std::string_view text, std::size_t begin) noexcept {
  using C = AsciiWordClass;
  const C first = ascii_word_class(text[begin]);
  if (first != C::kLetter && first != C::kNumeric && first != C::kExtend) {
    return {begin + 1, false};
  }
  const std::size_t n = text.size();
  C previous = first;
  std::size_t i = begin + 1;
  while (i < n) {
    const C c = ascii_word_class(text[i]);
    if (c == C::kLetter || c == C::kNumeric || c == C::kExtend) {
      previous = c;
      ++i;
      continue;
    }
    if ((c == C::kMidQ || c == C::kMidNum) && i + 1 < n) {
      const C after = ascii_word_class(text[i + 1]);
      const bool letters = previous == C::kLetter && c == C::kMidQ && after == C::kLetter;
      const bool digits = previous == C::kNumeric && after == C::kNumeric;
      if (letters || digits) {
        previous = after;
        i += 2;
        continue;
      }
    }
    break;
  }
  return {i, first != C::kExtend || i - begin >= 2};
}

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ASCII_WORD_SEGMENTER_H_
