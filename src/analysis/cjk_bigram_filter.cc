// CJK bigrams (make_cjk_bigram_filter): a word of Han or kana characters, three or more, gets
// each pair of neighbouring characters as a colocated form.
//
// Why: ICU segments Chinese and Japanese with a dictionary, and a query is segmented without the
// sentence around it, so the same characters often become different words in the text and in
// the query ("中华人民共和国" is one word of the text, "人民" one of the query). Bigrams at the
// word's position let any two-character query word, and any word whose own bigrams are there,
// meet it. Lucene's CJKBigramFilter indexes bigrams instead of words; here the dictionary words
// stay, so a query word the dictionary agrees on still matches exactly.
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <string>

#include "trawl/analysis/token_filter.h"
#include "util/utf8.h"

namespace trawl {
namespace analysis_internal {
namespace {

bool is_cjk(char32_t c) {
  if (c == 0x30FC || c == 0x3005) return true;  // the prolonged sound mark ー, the iteration 々
  UErrorCode code = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &code)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
      return true;
    default:
      return false;
  }
}

class CjkBigramFilter final : public TokenFilter {
 public:
  bool apply(Token&) override { return true; }
  bool adds_forms() const override { return true; }

  void add_forms(const Token& token, FormList& forms) override {
    // Only words of three or more characters: a word of two is its own bigram. The first byte
    // of every Han and kana character is 0xE3 or more (they lie from U+2E80 on).
    if (token.term.size() < 9 || static_cast<unsigned char>(token.term[0]) < 0xE3) return;
    starts_.clear();
    const auto length = static_cast<std::int32_t>(token.term.size());
    for (std::int32_t i = 0; i < length;) {
      starts_.push_back(i);
      if (!is_cjk(util::next_code_point(token.term.data(), i, length))) return;
    }
    starts_.push_back(length);
    if (starts_.size() < 4) return;  // fewer than three characters
    for (std::size_t c = 0; c + 2 < starts_.size(); ++c) {
      forms.add().assign(token.term, static_cast<std::size_t>(starts_[c]),
                         static_cast<std::size_t>(starts_[c + 2] - starts_[c]));
    }
  }

  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<CjkBigramFilter>();
  }

 private:
  std::vector<std::int32_t> starts_;  // each character's first byte, then the end; reused
};

}  // namespace
}  // namespace analysis_internal

std::unique_ptr<TokenFilter> make_cjk_bigram_filter() {
  return std::make_unique<analysis_internal::CjkBigramFilter>();
}

}  // namespace trawl
