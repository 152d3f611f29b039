// Diacritic folding (make_diacritic_fold_filter): decompose (NFD), drop the combining marks that
// are accents, map the stroke letters that have no decomposition, recompose (NFC).
#include <string>

#include "analysis/icu_util.h"
#include "trawl/analysis/token_filter.h"

namespace trawl {
namespace analysis_internal {
namespace {

// Combining marks that are accents on an otherwise complete letter. Indic, Thai and similar
// scripts also use combining marks, but as vowels and viramas that belong to the word: those are
// deliberately absent.
bool is_foldable_mark(char32_t c) noexcept {
  return (c >= 0x0300 && c <= 0x036F) ||  // Combining Diacritical Marks (Latin, Greek, Cyrillic)
         (c >= 0x0483 && c <= 0x0489) ||  // Cyrillic combining marks
         (c >= 0x0591 && c <= 0x05BD) || c == 0x05BF || c == 0x05C1 || c == 0x05C2 ||
         c == 0x05C4 || c == 0x05C5 || c == 0x05C7 ||  // Hebrew points and accents
         (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||  // Arabic harakat
         (c >= 0x1AB0 && c <= 0x1AFF) ||                 // Combining Diacritical Marks Extended
         (c >= 0x1DC0 && c <= 0x1DFF) ||                 // Combining Diacritical Marks Supplement
         (c >= 0x20D0 && c <= 0x20FF) ||                 // Combining Marks for Symbols
         (c >= 0xFE20 && c <= 0xFE2F);                   // Combining Half Marks
}

// Letters whose diacritic is fused into the glyph, so NFD leaves them whole.
char32_t fold_stroke_letter(char32_t c) noexcept {
  switch (c) {
    case 0x00D8: return U'O';  // Ø
    case 0x00F8: return U'o';  // ø
    case 0x0110: return U'D';  // Đ
    case 0x0111: return U'd';  // đ
    case 0x0126: return U'H';  // Ħ
    case 0x0127: return U'h';  // ħ
    case 0x0131: return U'i';  // ı
    case 0x0141: return U'L';  // Ł
    case 0x0142: return U'l';  // ł
    case 0x0166: return U'T';  // Ŧ
    case 0x0167: return U't';  // ŧ
    default: return c;
  }
}

class DiacriticFoldFilter final : public TokenFilter {
 public:
  DiacriticFoldFilter(const icu::Normalizer2& nfd, const icu::Normalizer2& nfc)
      : nfd_(nfd), nfc_(nfc) {}

  bool apply(Token& token) override {
    if (is_ascii(token.term)) return true;
    if (!record(normalize_utf8(nfd_, token.term, decomposed_))) return false;
    folded_.clear();
    const char* bytes = decomposed_.data();
    const auto length = static_cast<std::int32_t>(decomposed_.size());
    for (std::int32_t i = 0; i < length;) {
      const char32_t code_point = util::next_code_point(bytes, i, length);
      if (is_foldable_mark(code_point)) continue;
      util::append_utf8(folded_, fold_stroke_letter(code_point));
    }
    if (!record(normalize_utf8(nfc_, folded_, token.term))) return false;
    return !token.term.empty();
  }

  Status status() const override { return status_; }

  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<DiacriticFoldFilter>(nfd_, nfc_);
  }

 private:
  bool record(Status status) {
    if (status.ok()) return true;
    if (status_.ok()) status_ = std::move(status);
    return false;
  }

  const icu::Normalizer2& nfd_;  // owned by ICU, immutable
  const icu::Normalizer2& nfc_;
  std::string decomposed_;  // scratch buffers, reused across tokens
  std::string folded_;
  Status status_;
};

}  // namespace
}  // namespace analysis_internal

Result<std::unique_ptr<TokenFilter>> make_diacritic_fold_filter() {
  TRAWL_ASSIGN_OR_RETURN(const icu::Normalizer2* nfd, analysis_internal::nfd_normalizer());
  TRAWL_ASSIGN_OR_RETURN(const icu::Normalizer2* nfc, analysis_internal::nfc_normalizer());
  return std::unique_ptr<TokenFilter>(std::make_unique<analysis_internal::DiacriticFoldFilter>(*nfd, *nfc));
}

}  // namespace trawl
