#include <libstemmer.h>

#include <climits>
#include <memory>
#include <new>
#include <string>

#include "analysis/language_table.h"
#include "trawl/analysis/stemmer.h"

namespace trawl {
namespace {

struct SnowballDeleter {
  void operator()(sb_stemmer* stemmer) const noexcept { sb_stemmer_delete(stemmer); }
};
using SnowballPtr = std::unique_ptr<sb_stemmer, SnowballDeleter>;

// sb_stemmer_new returns null only for an unknown algorithm (ruled out by the language table
// before we get here) or when memory runs out.
SnowballPtr new_snowball(const std::string& algorithm) {
  SnowballPtr stemmer(sb_stemmer_new(algorithm.c_str(), "UTF_8"));
  if (stemmer == nullptr) throw std::bad_alloc();
  return stemmer;
}

class StemFilter final : public TokenFilter {
 public:
  explicit StemFilter(std::string algorithm)
      : algorithm_(std::move(algorithm)), stemmer_(new_snowball(algorithm_)) {}

  bool apply(Token& token) override {
    if (token.term.size() > static_cast<std::size_t>(INT_MAX)) return true;
    const sb_symbol* stem =
        sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(token.term.data()),
                        static_cast<int>(token.term.size()));
    if (stem == nullptr) throw std::bad_alloc();
    const int length = sb_stemmer_length(stemmer_.get());
    token.term.assign(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(length));
    return !token.term.empty();
  }

  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<StemFilter>(algorithm_);
  }

 private:
  std::string algorithm_;
  SnowballPtr stemmer_;  // libstemmer state is per object: one filter per thread
};

}  // namespace

Result<std::unique_ptr<TokenFilter>> make_stem_filter(std::string_view language) {
  TRAWL_ASSIGN_OR_RETURN(auto entry, analysis_internal::find_language_entry(language));
  if (entry.stemmer.empty()) {
    return Status::not_found("stemmer: no Snowball stemmer for language '" +
                             std::string(entry.name) + "'");
  }
  return std::unique_ptr<TokenFilter>(std::make_unique<StemFilter>(std::string(entry.stemmer)));
}

}  // namespace trawl
