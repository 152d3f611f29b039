// Deterministic random text for property and equivalence tests: words from many scripts,
// punctuation, digits, whitespace and invalid UTF-8, so every code path of analysis is hit.
#ifndef TRAWL_TESTS_SUPPORT_RANDOM_TEXT_H_
#define TRAWL_TESTS_SUPPORT_RANDOM_TEXT_H_

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace trawl::test {

struct RandomTextOptions {
  bool invalid_utf8 = true;    // sprinkle ill-formed byte sequences
  bool whitespace = true;      // separate pieces with spaces and newlines
};

inline std::string random_text(std::mt19937_64& rng, std::size_t pieces,
                               RandomTextOptions options = {}) {
  static constexpr std::array<std::string_view, 42> kPieces = {
      "the", "Talks", "U.S.", "don't", "John's", "state-of-the-art", "1,000.50", "3.14",
      "e-mail", "jane.doe@example.org", "http://example.com/a?b=c", "café", "Ёлка", "Москва",
      "столица", "Straße", "ΑΘΗΝΑ", "πρωτεύουσα", "مُحَمَّد", "שָׁלוֹם", "北京", "学习中文",
      "東京都", "カタカナ", "ひらがな", "안녕하세요", "ภาษาไทย", "ຄວາມ", "ខ្ញុំ", "हिन्दी",
      "ﬁnance", "ＦＵＬＬ", "co\u00ADop", "Łódź", "—", ",", ".", "!?", "(x)", "😀👍🏽",
      "e\u0301", "\u0308"};
  static constexpr std::array<std::string_view, 6> kInvalid = {
      "\xff", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
  static constexpr std::array<std::string_view, 4> kSpace = {" ", " ", "\n", "\t"};
  std::string text;
  for (std::size_t i = 0; i < pieces; ++i) {
    const auto roll = rng() % 100;
    if (options.invalid_utf8 && roll < 5) {
      text += kInvalid[rng() % kInvalid.size()];
    } else {
      text += kPieces[rng() % kPieces.size()];
    }
    if (options.whitespace && rng() % 3 != 0) text += kSpace[rng() % kSpace.size()];
  }
  return text;
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_RANDOM_TEXT_H_
