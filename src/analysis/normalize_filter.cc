// NFKC_Casefold normalisation (make_normalize_filter), with an ASCII fast path: most terms in
// most corpora are ASCII, where NFKC_Casefold is exactly A-Z -> a-z.
#include "analysis/normalize_filter.h"

#include "analysis/icu_util.h"

namespace trawl {

TokenFilter::~TokenFilter() = default;

Result<std::unique_ptr<TokenFilter>> make_normalize_filter() {
  TRAWL_ASSIGN_OR_RETURN(const icu::Normalizer2* normalizer,
                         analysis_internal::nfkc_casefold_normalizer());
  return std::unique_ptr<TokenFilter>(std::make_unique<analysis_internal::NormalizeFilter>(*normalizer));
}

namespace analysis_internal {

bool NormalizeFilter::apply(Token& token) {
  if (is_ascii(token.term)) {
    ascii_lower_in_place(token.term);
    return !token.term.empty();
  }
  // ICU passes ill-formed bytes through; terms are promised to be valid UTF-8.
  if (util::replace_invalid_utf8(token.term, scratch_)) token.term.swap(scratch_);
  Status status = normalize_utf8(normalizer_, token.term, scratch_);
  if (!status.ok()) {
    if (status_.ok()) status_ = std::move(status);
    return false;
  }
  token.term.swap(scratch_);
  fold_apostrophes(token.term);
  return !token.term.empty();
}

void NormalizeFilter::fold_apostrophes(std::string& term) noexcept {
  // U+2018, U+2019, U+201B are E2 80 98/99/9B; U+02BC is CA BC. Each becomes one '\''.
  std::size_t out = 0;
  for (std::size_t in = 0; in < term.size();) {
    const auto b0 = static_cast<unsigned char>(term[in]);
    if (b0 == 0xE2 && in + 2 < term.size() && static_cast<unsigned char>(term[in + 1]) == 0x80) {
      const auto b2 = static_cast<unsigned char>(term[in + 2]);
      if (b2 == 0x98 || b2 == 0x99 || b2 == 0x9B) {
        term[out++] = '\'';
        in += 3;
        continue;
      }
    } else if (b0 == 0xCA && in + 1 < term.size() &&
               static_cast<unsigned char>(term[in + 1]) == 0xBC) {
      term[out++] = '\'';
      in += 2;
      continue;
    }
    term[out++] = term[in++];
  }
  term.resize(out);
}

std::unique_ptr<TokenFilter> NormalizeFilter::clone() const {
  return std::make_unique<NormalizeFilter>(normalizer_);
}

}  // namespace analysis_internal
}  // namespace trawl
