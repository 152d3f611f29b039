// The Snowball stem filter (see make_stem_filter in trawl/analysis/stemmer.h), with a cache of
// recent stems.
#ifndef TRAWL_SRC_ANALYSIS_STEM_FILTER_H_
#define TRAWL_SRC_ANALYSIS_STEM_FILTER_H_

#include <memory>
#include <string>

#include "trawl/analysis/token_filter.h"
#include <vector>

#include "util/string_table.h"

struct sb_stemmer;

namespace trawl::analysis_internal {

class StemFilter final : public TokenFilter {
 public:
  /// Stems up to this many distinct words are remembered (about 100 bytes each).
  static constexpr std::size_t kDefaultCacheEntries = 16384;

  struct SnowballDeleter {
    void operator()(sb_stemmer* stemmer) const noexcept;
  };
  using SnowballPtr = std::unique_ptr<sb_stemmer, SnowballDeleter>;

  /// `cache_entries` 0 turns the cache off (the reference path the tests compare against).
  explicit StemFilter(std::string algorithm, std::size_t cache_entries = kDefaultCacheEntries);
  ~StemFilter() override;

  bool apply(Token& token) override;
  std::unique_ptr<TokenFilter> clone() const override;
  bool rewrites_word() const override { return true; }

 private:
  void stem(std::string& word);  // through Snowball; bad_alloc if it runs out of memory

  std::string algorithm_;
  SnowballPtr stemmer_;  // libstemmer state is per object: one filter per thread
  std::size_t cache_entries_;
  util::StringTable cached_words_;   // numbered as cached_stems_
  std::vector<std::string> cached_stems_;
};

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_STEM_FILTER_H_
