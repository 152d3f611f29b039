// NFKC_Casefold filter (see make_normalize_filter in trawl/analysis/token_filter.h).
#ifndef TRAWL_SRC_ANALYSIS_NORMALIZE_FILTER_H_
#define TRAWL_SRC_ANALYSIS_NORMALIZE_FILTER_H_

#include <unicode/normalizer2.h>

#include <memory>
#include <string>

#include "trawl/analysis/token_filter.h"

namespace trawl::analysis_internal {

class NormalizeFilter final : public TokenFilter {
 public:
  explicit NormalizeFilter(const icu::Normalizer2& normalizer) : normalizer_(normalizer) {}

  bool apply(Token& token) override;
  Status status() const override { return status_; }
  std::unique_ptr<TokenFilter> clone() const override;

  /// Rewrites the typographic apostrophes (U+2018, U+2019, U+201B, U+02BC) as '\''.
  static void fold_apostrophes(std::string& term) noexcept;

 private:
  const icu::Normalizer2& normalizer_;  // owned by ICU, immutable, lives as long as the process
  std::string scratch_;                 // swapped with the term: no allocation per token
  Status status_;
};

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_NORMALIZE_FILTER_H_
