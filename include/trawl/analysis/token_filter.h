// TokenFilter: a stage of analysis after the tokenizer that rewrites or drops one token at a
// time (case folding, stop words, stemming, ...).
//
// A filter sees each token once, in order, and either keeps it (possibly with a new term) or
// drops it. Byte offsets and positions are left alone, so dropped tokens leave a gap in
// positions (phrase queries keep their distances). A filter may also give a kept token
// colocated forms (add_forms): other terms indexed at the same position, such as a word's
// transliteration or a synonym. Phrases then match through any of a position's forms, and a
// field's length counts positions, not forms.
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
#include <string>
#include <string_view>
#include <vector>

#include "trawl/analysis/token.h"
#include "trawl/export.h"
#include "trawl/result.h"
#include "trawl/status.h"

namespace trawl {

/// The colocated forms a filter gives one token: a list of strings that keeps its buffers when
/// cleared, so that a warm stream does not allocate for them.
class TRAWL_EXPORT FormList {
 public:
  /// Appends an empty form and returns it to be filled.
  std::string& add() {
    if (size_ == forms_.size()) forms_.emplace_back();
    std::string& form = forms_[size_++];
    form.clear();
    return form;
  }
  /// Removes the last form (one add() gave but the filter did not want after all).
  void pop() noexcept {
    if (size_ > 0) --size_;
  }
  void clear() noexcept { size_ = 0; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const std::string& operator[](std::size_t i) const noexcept { return forms_[i]; }
  /// The last form. REQUIRES: !empty().
  std::string& back() noexcept { return forms_[size_ - 1]; }

 private:
  std::vector<std::string> forms_;
  std::size_t size_ = 0;
};

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

  /// Whether add_forms() may give tokens colocated forms. Default: false.
  virtual bool adds_forms() const { return false; }
  /// Appends to `forms` the colocated forms of `token`, which apply() just kept: terms to index
  /// at the token's position beside its own. Each runs through the filters after this one (a
  /// synonym is stemmed as the word is); forms equal to the token's term or to another form of
  /// it are dropped, so a position holds each term once. Called only if adds_forms().
  virtual void add_forms(const Token& token, FormList& forms) {
    (void)token;
    (void)forms;
  }

 protected:
  TokenFilter() = default;
  TokenFilter(const TokenFilter&) = default;
  TokenFilter& operator=(const TokenFilter&) = default;
};

/// Unicode normalisation with case folding: NFKC_Casefold, as ICU defines it ("Ｆｕｌｌ" ->
/// "full", half-width "ｶﾞｲﾄﾞ" -> "ガイド", "Straße" -> "strasse", "ﬁ" -> "fi"; default-ignorable
/// characters such as the soft hyphen and the emoji variation selector are removed), then
/// typographic apostrophes (’ ‘ ‛ ʼ) become ASCII ' so that "Trump’s" and "Trump's" are one word. Ill-formed UTF-8 becomes U+FFFD: terms that leave this
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

/// Cross-script forms, colocated with the word (ICU transforms): a word written in another script
/// than Latin gets its romanisation ("москва" -> "moskva", "ельцин" -> "yeltsin": BGN/PCGN for
/// Russian, Armenian, Arabic and Serbian, UNGEGN for Greek, then ICU's Any-Latin and
/// Latin-ASCII, primes dropped); if `language` (a name or code as AnalyzerOptions takes it) is
/// Russian or Greek, a Latin word also gets its form in that script ("moskva" -> "москва"), which
/// filters after this one stem as the language's words. Han, kana and Hangul words are left alone
/// (their romanisation needs readings). Place it after normalisation and stop words, before
/// stemming. Returns InvalidArgument for an unknown language, Internal if ICU lacks a transform.
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_transliterate_filter(
    std::string_view language);
/// The romanisations of make_transliterate_filter alone (no form in the language's script).
/// After a stemmer, it gives each stem's romanisation: "Ельцина" (stem "ельцин") meets the
/// query word "Yeltsin" there. Returns as make_transliterate_filter.
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_romanize_filter(std::string_view language);

/// Synonyms, colocated with the word: each word of a group gets the group's other words as
/// forms ({"car", "automobile"}: "car" also stands as "automobile"), which the filters after
/// this one then analyse as words (a stemmer stems them). Words are matched as normalised
/// (make_normalize_filter; write them as people type them); a word in several groups gets the
/// words of all of them. Returns InvalidArgument, naming the group, for an empty entry or one of
/// several words (synonyms are single words).
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_synonym_filter(
    const std::vector<std::vector<std::string>>& groups);
/// Reads a synonym list: one group a line, its words separated by commas ("car, automobile,
/// auto"); '#' starts a comment; blank lines are skipped. Returns InvalidArgument naming the
/// line for an empty word or a group of one word.
TRAWL_EXPORT Result<std::vector<std::vector<std::string>>> parse_synonyms(std::string_view text);

/// CJK bigrams, colocated with the word: a word of three or more Han or kana characters (the
/// prolonged sound mark and 々 count as such) gets each pair of neighbouring characters as a
/// form ("中华人民共和国": 中华, 华人, 人民, 民共, 共和, 和国). A word of two is its own bigram.
TRAWL_EXPORT std::unique_ptr<TokenFilter> make_cjk_bigram_filter();

/// Katakana become the hiragana of the same sound ("カタカナ" -> "かたかな"; ヽヾ -> ゝゞ); the
/// prolonged sound mark and the katakana with no hiragana twin stay. Place it after
/// normalisation, which makes half-width katakana full-width.
TRAWL_EXPORT std::unique_ptr<TokenFilter> make_kana_fold_filter();

/// Drops tokens whose term is longer than `max_bytes` bytes (typically very long tokens are
/// base64 blobs or garbage that would bloat the dictionary). REQUIRES: max_bytes > 0.
TRAWL_EXPORT std::unique_ptr<TokenFilter> make_length_filter(std::size_t max_bytes);

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKEN_FILTER_H_
