// TokenFilter: a stage of analysis after the tokenizer that rewrites or drops one token at a
// time (case folding, stop words, stemming, ...).
//
// A filter sees each token once, in order, and either keeps it (possibly with a new term) or
// drops it; it never splits one token into several. Byte offsets and positions are left alone,
// so dropped tokens leave a gap in positions (phrase queries keep their distances).
//
// This header declares the interface and the standard filters that need no language; stop words
// are in stop_words.h and stemming in stemmer.h. The usual order is:
//   length limit -> normalize -> stop words -> stem -> (diacritic folding)
//
// Thread-safety: a filter object is used by one thread at a time; clone() may be called on one
// object from several threads at once.
#ifndef TRAWL_ANALYSIS_TOKEN_FILTER_H_
#define TRAWL_ANALYSIS_TOKEN_FILTER_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "trawl/analysis/token.h"
#include "trawl/export.h"
#include "trawl/result.h"
#include "trawl/status.h"

namespace trawl {

class TRAWL_EXPORT TokenFilter {
 public:
  virtual ~TokenFilter();

  /// Rewrites `token` in place and returns true to keep it, false to drop it. Must not
  /// allocate per token once its buffers have grown (reuse members as scratch space).
  virtual bool apply(Token& token) = 0;

  /// OK, or the first internal failure met by apply() (a failing token is dropped).
  virtual Status status() const { return {}; }

  /// A fresh filter with the same configuration.
  virtual std::unique_ptr<TokenFilter> clone() const = 0;
  /// Whether the filter replaces a word by another of its forms (a stemmer, a lemmatiser) rather
  /// than normalising its spelling. The term before the first such filter is the token's
  /// surface (TokenStream::surface()): the index keeps the surfaces of text fields beside their
  /// terms, so that prefixes, wildcards and fuzzy words match what people type ("negotiat*"
  /// finds "negotiators", whose stem is "negoti"). Default: false.
  virtual bool rewrites_word() const { return false; }

 protected:
  TokenFilter() = default;
  TokenFilter(const TokenFilter&) = default;
  TokenFilter& operator=(const TokenFilter&) = default;
};

/// Unicode normalisation with case folding: NFKC_Casefold, as ICU defines it ("Ｆｕｌｌ" ->
/// "full", half-width "ｶﾞｲﾄﾞ" -> "ガイド", "Straße" -> "strasse", "ﬁ" -> "fi"; default-ignorable
/// characters such as the soft hyphen and the emoji variation selector are removed), then typographic apostrophes (’ ‘ ‛ ʼ) become ASCII ' so that
/// "Trump’s" and "Trump's" are one word. Ill-formed UTF-8 becomes U+FFFD: terms that leave this
/// filter are valid UTF-8. A token that normalises to nothing is dropped. ASCII tokens take a
/// fast path that gives the same result.
/// Returns Internal if ICU's normalisation data cannot be loaded.
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_normalize_filter();

/// Removes diacritics: combining accents ("café" -> "cafe", "ёлка" -> "елка", "ά" -> "α",
/// Arabic and Hebrew vowel points) and the stroke letters ø ł đ ħ ŧ ı -> o l d h t i. Marks that
/// are letters' own parts in Indic, Thai and other scripts are kept. Expects normalised text
/// (after make_normalize_filter) but works on any UTF-8; the output is in NFC.
/// Returns Internal if ICU's normalisation data cannot be loaded.
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_diacritic_fold_filter();

/// Drops tokens whose term is longer than `max_bytes` bytes (typically very long tokens are
/// base64 blobs or garbage that would bloat the dictionary). REQUIRES: max_bytes > 0.
TRAWL_EXPORT std::unique_ptr<TokenFilter> make_length_filter(std::size_t max_bytes);

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKEN_FILTER_H_
