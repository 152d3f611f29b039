#include "trawl/analysis/analyzer.h"

#include <mutex>
#include <optional>
#include <utility>

#include "analysis/language_table.h"
#include "trawl/analysis/stemmer.h"
#include "trawl/analysis/stop_words.h"

namespace trawl {

// Cloning a stream (ICU's break iterator, the filters) costs more than analysing a query's word
// (callgrind: 6k of 12k instructions a word), so analyze() takes an idle one when there is one.
struct Analyzer::StreamPool {
  // Streams kept idle at most: the threads that analyse at once, in practice.
  static constexpr std::size_t kMaxIdle = 16;

  std::mutex mutex;
  std::vector<TokenStream> idle;

  std::optional<TokenStream> take() {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.empty()) return std::nullopt;
    TokenStream stream = std::move(idle.back());
    idle.pop_back();
    return stream;
  }
  void give_back(TokenStream stream) {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() < kMaxIdle) idle.push_back(std::move(stream));
  }
};

Analyzer::Analyzer(std::string name, std::shared_ptr<const Tokenizer> tokenizer,
                   std::vector<std::shared_ptr<const TokenFilter>> filters)
    : name_(std::move(name)),
      tokenizer_(std::move(tokenizer)),
      filters_(std::move(filters)),
      pool_(std::make_shared<StreamPool>()) {}

Result<Analyzer> Analyzer::standard(std::string_view language) {
  AnalyzerOptions options;
  options.language = std::string(language);
  return create(options);
}

Result<Analyzer> Analyzer::create(const AnalyzerOptions& options) {
  if (options.max_token_bytes == 0) {
    return Status::invalid_argument("analyzer: max_token_bytes must be at least 1");
  }
  std::vector<std::shared_ptr<const TokenFilter>> filters;
  filters.push_back(make_length_filter(options.max_token_bytes));
  TRAWL_ASSIGN_OR_RETURN(auto normalize, make_normalize_filter());
  filters.push_back(std::move(normalize));
  if (options.fold_kana) filters.push_back(make_kana_fold_filter());
  // Before stop words and the stemmer: a synonym of a stop word stands in its place, and the
  // synonyms are stemmed as the words are.
  if (!options.synonyms.empty()) {
    auto synonyms = make_synonym_filter(options.synonyms);
    if (!synonyms) return synonyms.error().with_context("analyzer");
    filters.push_back(std::move(synonyms).value());
  }

  std::string name = "neutral";
  std::optional<analysis_internal::LanguageEntry> entry;
  // "none" is how README, describe() and the command line spell the empty language.
  if (!options.language.empty() && options.language != "none") {
    auto found = analysis_internal::find_language_entry(options.language);
    if (!found) return found.error().with_context("analyzer");
    entry = *found;
    name = std::string(entry->name);
  }
  if (entry && options.stop_words &&
      !analysis_internal::embedded_stop_list(entry->stop_list).empty()) {
    TRAWL_ASSIGN_OR_RETURN(auto words, StopWords::for_language(entry->name));
    filters.push_back(make_stop_filter(std::move(words)));
  }
  // Before the stemmer, so that a form written back in the language's script is stemmed as its
  // words are ("moskva" -> "москва" -> "москв", the stem of "Москве").
  if (options.transliterate) {
    TRAWL_ASSIGN_OR_RETURN(auto transliterate, make_transliterate_filter(options.language));
    filters.push_back(std::move(transliterate));
  }
  if (entry && options.stem && !entry->stemmer.empty()) {
    TRAWL_ASSIGN_OR_RETURN(auto stem, make_stem_filter(entry->name));
    filters.push_back(std::move(stem));
    // And the stems' romanisations, where the words' inflections differ ("Ельцина": "yeltsin").
    if (options.transliterate) {
      TRAWL_ASSIGN_OR_RETURN(auto romanize, make_romanize_filter(options.language));
      filters.push_back(std::move(romanize));
    }
  }
  if (options.fold_diacritics) {
    TRAWL_ASSIGN_OR_RETURN(auto fold, make_diacritic_fold_filter());
    filters.push_back(std::move(fold));
    name += "+fold";
  }
  // Last: bigrams of the words as indexed (Han and kana are neither stemmed nor folded).
  const bool cjk = entry && (entry->code == "zh" || entry->code == "ja");
  if (options.cjk_bigrams.value_or(cjk)) {
    filters.push_back(make_cjk_bigram_filter());
    if (!cjk) name += "+bigrams";
  } else if (cjk) {
    name += "-bigrams";
  }
  if (options.fold_kana) name += "+kana";
  if (!options.synonyms.empty()) name += "+synonyms";
  if (options.transliterate) name += "+translit";
  if (!options.stop_words) name += "-nostop";
  if (!options.stem) name += "-nostem";

  TRAWL_ASSIGN_OR_RETURN(auto tokenizer, make_word_tokenizer());
  return Analyzer(std::move(name), std::move(tokenizer), std::move(filters));
}

TokenStream Analyzer::token_stream() const {
  std::vector<std::unique_ptr<TokenFilter>> filters;
  filters.reserve(filters_.size());
  for (const auto& filter : filters_) filters.push_back(filter->clone());
  return TokenStream(tokenizer_->clone(), std::move(filters));
}

Result<std::vector<Token>> Analyzer::analyze(std::string_view text) const {
  std::optional<TokenStream> idle = pool_->take();
  TokenStream stream = idle ? std::move(*idle) : token_stream();
  stream.reset(text);
  std::vector<Token> tokens;
  while (stream.advance()) tokens.push_back(stream.token());
  TRAWL_RETURN_IF_ERROR(stream.status());  // a failed stream is not reused
  pool_->give_back(std::move(stream));
  return tokens;
}

Result<std::string> Analyzer::term_of_surface(std::string_view surface) const {
  std::optional<TokenStream> idle = pool_->take();
  TokenStream stream = idle ? std::move(*idle) : token_stream();
  Token token;
  token.term = surface;
  const bool kept = stream.rewrite_surface(token);
  TRAWL_RETURN_IF_ERROR(stream.status());
  pool_->give_back(std::move(stream));
  if (!kept) token.term.clear();
  return std::move(token.term);
}

}  // namespace trawl
