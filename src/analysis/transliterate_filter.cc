// Cross-script forms (make_transliterate_filter, make_romanize_filter): a word in another script
// than Latin gets its romanisation as a colocated form, and in a language written in another
// script that ICU can write Latin text back into (Russian, Greek), a Latin word gets that
// script's form, which the rest of the chain then stems as the language's own words.
//
// Why both directions, and stems romanised too (the analyzer puts a romanising filter after the
// stemmer): the romanisation of an inflected word is not what people type ("Москве" romanises
// to "moskve", people type "Moskva"), but "Moskva" written back in Cyrillic is "Москва", whose
// stem is the stem of "Москве". Where the reverse cannot rebuild the word ("yeltsin" ->
// "елцин", without the soft sign), the romanised stems meet instead: "Ельцина" has the stem
// "ельцин", romanised "yeltsin". And documents in Latin-script languages, which have no
// reverse, meet the romanisation of the query's word.
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "analysis/icu_util.h"
#include "analysis/language_table.h"
#include "trawl/analysis/token_filter.h"
#include "util/string_table.h"

namespace trawl {
namespace analysis_internal {
namespace {

// The transforms of a language: its own romanisation first (where ICU has one), then the
// standard romanisations of Russian and Greek for words of those scripts in another language,
// then ICU's generic one, then ASCII. BGN/PCGN and UNGEGN spell as English-language news does
// ("zhukov", "khrushchev"), where ISO 9 gives "žukov".
struct Transforms {
  std::string_view code;
  std::string_view to_latin;    // empty: the generic chain alone
  std::string_view from_latin;  // empty: no reverse
};
constexpr Transforms kTransforms[] = {
    {"ru", "Russian-Latin/BGN", "Latin-Russian/BGN"},
    {"el", "Greek-Latin/UNGEGN", "Latin-Greek/UNGEGN"},
    {"hy", "Armenian-Latin/BGN", ""},
    {"ar", "Arabic-Latin/BGN", ""},
    {"sr", "Serbian-Latin/BGN", ""},
};
constexpr std::string_view kGenericToLatin =
    "Russian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII";

enum class Script { kLatin, kOther, kLeftAlone };

// Latin if every letter is Latin (digits, marks and the like go with any script); left alone if
// a letter is Han, kana or Hangul, whose romanisations need a reading or segmentation that a
// word-by-word transform does not have (the CJK options serve those scripts).
Script script_of(std::string_view term) {
  if (is_ascii(term)) return Script::kLatin;
  Script script = Script::kLatin;
  const auto length = static_cast<std::int32_t>(term.size());
  for (std::int32_t i = 0; i < length;) {
    const char32_t c = util::next_code_point(term.data(), i, length);
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    UErrorCode code = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &code)) {
      case USCRIPT_LATIN:
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        break;
      case USCRIPT_HAN:
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
      case USCRIPT_HANGUL:
      case USCRIPT_BOPOMOFO:
        return Script::kLeftAlone;
      default:
        script = Script::kOther;
    }
  }
  return script;
}

bool has_latin_letter(std::string_view term) {
  for (const char c : term) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  if (is_ascii(term)) return false;
  const auto length = static_cast<std::int32_t>(term.size());
  for (std::int32_t i = 0; i < length;) {
    const auto c = static_cast<UChar32>(util::next_code_point(term.data(), i, length));
    UErrorCode code = U_ZERO_ERROR;
    if (u_isalpha(c) && uscript_getScript(c, &code) == USCRIPT_LATIN) return true;
  }
  return false;
}

using TransliteratorPtr = std::unique_ptr<icu::Transliterator>;

Result<TransliteratorPtr> create(std::string_view id) {
  UErrorCode code = U_ZERO_ERROR;
  TransliteratorPtr transliterator(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size()))),
      UTRANS_FORWARD, code));
  if (U_FAILURE(code) || transliterator == nullptr) {
    return icu_error("transliterate: creating '" + std::string(id) + "'", code);
  }
  return transliterator;
}

TransliteratorPtr copy(const TransliteratorPtr& transliterator) {
  return transliterator == nullptr ? nullptr : TransliteratorPtr(transliterator->clone());
}

class TransliterateFilter final : public TokenFilter {
 public:
  TransliterateFilter(TransliteratorPtr to_latin, TransliteratorPtr from_latin)
      : to_latin_(std::move(to_latin)), from_latin_(std::move(from_latin)) {}

  bool apply(Token&) override { return true; }
  bool adds_forms() const override { return true; }

  void add_forms(const Token& token, FormList& forms) override {
    // ASCII is Latin: without a reverse transform it has no other form (English text).
    if (from_latin_ == nullptr && is_ascii(token.term)) return;
    // Word frequencies are Zipfian and ICU's transforms cost microseconds: a cache of recent
    // words' forms (cleared when full, as the stemmer's) answers most tokens.
    if (cached_words_.size() >= kCacheEntries) {
      cached_words_.clear();
      cached_forms_.clear();
      form_ends_.clear();
    }
    bool added = false;
    const std::uint32_t entry = cached_words_.intern(token.term, &added);
    if (added) {
      form_ends_.push_back(cached_forms_.size());
      form_of(token.term, cached_forms_);
      form_ends_.back() = cached_forms_.size();
    }
    const std::size_t begin = entry == 0 ? 0 : form_ends_[entry - 1];
    if (form_ends_[entry] > begin) {
      forms.add().assign(cached_forms_, begin, form_ends_[entry] - begin);
    }
  }

  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<TransliterateFilter>(copy(to_latin_), copy(from_latin_));
  }

 private:
  static constexpr std::size_t kCacheEntries = 16384;

  // Appends the form of `term` in the other script to `out`, if it has one.
  void form_of(std::string_view term, std::string& out) {
    const std::size_t begin = out.size();
    switch (script_of(term)) {
      case Script::kOther:
        transform(*to_latin_, term, out);
        // Romanisations mark soft and hard signs with primes ("yel'tsin"); people leave them out.
        out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(begin), out.end(),
                                 [](char c) { return c == '\'' || c == '"'; }),
                  out.end());
        break;
      case Script::kLatin:
        if (from_latin_ != nullptr && has_latin_letter(term)) transform(*from_latin_, term, out);
        break;
      case Script::kLeftAlone:
        break;
    }
  }

  // Appends `term` through `transliterator`, case folded, to `out`.
  void transform(const icu::Transliterator& transliterator, std::string_view term,
                 std::string& out) {
    text_ = icu::UnicodeString::fromUTF8(
        icu::StringPiece(term.data(), static_cast<int32_t>(term.size())));
    transliterator.transliterate(text_);
    text_.foldCase();
    text_.toUTF8String(out);
  }

  TransliteratorPtr to_latin_;
  TransliteratorPtr from_latin_;  // null: no reverse (a Latin-script language, or romanising only)
  icu::UnicodeString text_;       // scratch, reused across tokens
  util::StringTable cached_words_;      // recent words, numbered
  std::string cached_forms_;            // their forms, one after another (empty: none)
  std::vector<std::size_t> form_ends_;  // per word, where its form ends in cached_forms_
};

// The filter for `language`: romanisations, and with `reverse` the forms in its script.
Result<std::unique_ptr<TokenFilter>> make_filter(std::string_view language, bool reverse) {
  std::string_view code;
  if (!language.empty() && language != "none") {
    TRAWL_ASSIGN_OR_RETURN(LanguageEntry entry, find_language_entry(language));
    code = entry.code;
  }
  std::string to_latin(kGenericToLatin);
  std::string_view from_latin;
  for (const Transforms& transforms : kTransforms) {
    if (transforms.code != code) continue;
    to_latin = std::string(transforms.to_latin) + "; " + to_latin;
    if (reverse) from_latin = transforms.from_latin;
  }
  TRAWL_ASSIGN_OR_RETURN(TransliteratorPtr forward, create(to_latin));
  TransliteratorPtr backward;
  if (!from_latin.empty()) {
    TRAWL_ASSIGN_OR_RETURN(backward, create(from_latin));
  }
  return std::unique_ptr<TokenFilter>(
      std::make_unique<TransliterateFilter>(std::move(forward), std::move(backward)));
}

}  // namespace
}  // namespace analysis_internal

Result<std::unique_ptr<TokenFilter>> make_transliterate_filter(std::string_view language) {
  return analysis_internal::make_filter(language, true);
}

Result<std::unique_ptr<TokenFilter>> make_romanize_filter(std::string_view language) {
  return analysis_internal::make_filter(language, false);
}

}  // namespace trawl
