// Kana folding (make_kana_fold_filter): katakana become the hiragana of the same sounds, so that a
// word written in either script is one term ("カタカナ" and "かたかな"). Half-width katakana are
// full-width by then (normalisation, NFKC); the prolonged sound mark ー and the katakana with no
// hiragana twin (ヷ ヸ ヹ ヺ, small ヵ ヶ kept as they are used as counters) stay as they are.
#include <string>

#include "trawl/analysis/token_filter.h"
#include "util/utf8.h"

namespace trawl {
namespace analysis_internal {
namespace {

char32_t to_hiragana(char32_t c) {
  if (c >= 0x30A1 && c <= 0x30F4) return c - 0x60;  // ァ..ヴ -> ぁ..ゔ
  if (c == 0x30FD || c == 0x30FE) return c - 0x60;  // ヽ ヾ -> ゝ ゞ
  return c;
}

class KanaFoldFilter final : public TokenFilter {
 public:
  bool apply(Token& token) override {
    // Katakana lie in U+30A0..U+30FF, whose UTF-8 starts with 0xE3 0x82 or 0xE3 0x83.
    if (token.term.find("\xE3\x82") == std::string::npos &&
        token.term.find("\xE3\x83") == std::string::npos) {
      return true;
    }
    folded_.clear();
    const auto length = static_cast<std::int32_t>(token.term.size());
    for (std::int32_t i = 0; i < length;) {
      util::append_utf8(folded_, to_hiragana(util::next_code_point(token.term.data(), i, length)));
    }
    token.term.swap(folded_);
    return true;
  }

  std::unique_ptr<TokenFilter> clone() const override { return std::make_unique<KanaFoldFilter>(); }

 private:
  std::string folded_;  // scratch, reused across tokens
};

}  // namespace
}  // namespace analysis_internal

std::unique_ptr<TokenFilter> make_kana_fold_filter() {
  return std::make_unique<analysis_internal::KanaFoldFilter>();
}

}  // namespace trawl
