#include <libstemmer.h>

#include <climits>
#include <memory>
#include <new>
#include <string>

#include "analysis/language_table.h"
#include "analysis/stem_filter.h"
#include "trawl/analysis/stemmer.h"

namespace trawl {
namespace {

using SnowballPtr = analysis_internal::StemFilter::SnowballPtr;

// sb_stemmer_new returns null only for an unknown algorithm (ruled out by the language table
// before we get here) or when memory runs out.
SnowballPtr new_snowball(const std::string& algorithm) {
  SnowballPtr stemmer(sb_stemmer_new(algorithm.c_str(), "UTF_8"));
  if (stemmer == nullptr) throw std::bad_alloc();
  return stemmer;
}

}  // namespace

namespace analysis_internal {

StemFilter::StemFilter(std::string algorithm, std::size_t cache_entries)
    : algorithm_(std::move(algorithm)),
      stemmer_(new_snowball(algorithm_)),
      cache_entries_(cache_entries) {}

StemFilter::~StemFilter() = default;

void StemFilter::SnowballDeleter::operator()(sb_stemmer* stemmer) const noexcept {
  sb_stemmer_delete(stemmer);
}

bool StemFilter::apply(Token& token) {
  if (token.term.size() > static_cast<std::size_t>(INT_MAX)) return true;
  // Word frequencies are Zipfian: a small cache answers most tokens without running Snowball.
  if (cache_entries_ > 0) {
    // A full cache starts over: simpler than LRU, and frequent words come back at once.
    if (cached_words_.size() >= cache_entries_) {
      cached_words_.clear();
      cached_stems_.clear();
    }
    bool added = false;
    const std::uint32_t entry = cached_words_.intern(token.term, &added);
    if (!added) {
      token.term.assign(cached_stems_[entry]);
      return !token.term.empty();
    }
    try {
      stem(token.term);
      cached_stems_.push_back(token.term);
    } catch (...) {  // the word has no stem beside it: forget them all
      cached_words_.clear();
      cached_stems_.clear();
      throw;
    }
    return !token.term.empty();
  }
  stem(token.term);
  return !token.term.empty();
}

void StemFilter::stem(std::string& word) {
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stem == nullptr) throw std::bad_alloc();
  const auto length = static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()));
  word.assign(reinterpret_cast<const char*>(stem), length);
}

std::unique_ptr<TokenFilter> StemFilter::clone() const {
  return std::make_unique<StemFilter>(algorithm_, cache_entries_);
}

}  // namespace analysis_internal

namespace {

}  // namespace

Result<std::unique_ptr<TokenFilter>> make_stem_filter(std::string_view language) {
  TRAWL_ASSIGN_OR_RETURN(auto entry, analysis_internal::find_language_entry(language));
  if (entry.stemmer.empty()) {
    return Status::not_found("stemmer: no Snowball stemmer for language '" +
                             std::string(entry.name) + "'");
  }
  return std::unique_ptr<TokenFilter>(
      std::make_unique<analysis_internal::StemFilter>(std::string(entry.stemmer)));
}

}  // namespace trawl
