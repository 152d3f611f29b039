#include "trawl/analysis/stop_words.h"

#include <string>
#include <utility>

#include "analysis/icu_util.h"
#include "analysis/language_table.h"
#include "util/string_hash.h"

namespace trawl {

// Heterogeneous lookup: contains() takes a string_view without building a std::string.
struct StopWords::Set {
  util::StringSet words;
};

StopWords::StopWords() : set_(std::make_shared<const Set>()) {}
StopWords::StopWords(std::shared_ptr<const Set> set) : set_(std::move(set)) {}

bool StopWords::contains(std::string_view term) const noexcept {
  return set_->words.find(term) != set_->words.end();
}

std::size_t StopWords::size() const noexcept { return set_->words.size(); }

Result<StopWords> StopWords::from_words(const std::vector<std::string>& words) {
  TRAWL_ASSIGN_OR_RETURN(const icu::Normalizer2* normalizer,
                         analysis_internal::nfkc_casefold_normalizer());
  auto set = std::make_shared<Set>();
  std::string normalized;
  for (const std::string& word : words) {
    TRAWL_RETURN_IF_ERROR(analysis_internal::normalize_utf8(*normalizer, word, normalized)
                              .with_context("stop words: normalising '" + word + "'"));
    if (!normalized.empty()) set->words.insert(normalized);
  }
  return StopWords(std::move(set));
}

Result<StopWords> StopWords::parse(std::string_view snowball_list) {
  std::vector<std::string> words;
  while (!snowball_list.empty()) {
    const std::size_t eol = snowball_list.find('\n');
    std::string_view line = snowball_list.substr(0, eol);
    snowball_list.remove_prefix(eol == std::string_view::npos ? snowball_list.size() : eol + 1);
    line = line.substr(0, line.find('|'));
    const std::size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) continue;
    line.remove_prefix(begin);
    words.emplace_back(line.substr(0, line.find_first_of(" \t\r")));
  }
  return from_words(words);
}

Result<StopWords> StopWords::for_language(std::string_view language) {
  TRAWL_ASSIGN_OR_RETURN(auto entry, analysis_internal::find_language_entry(language));
  const std::string_view list = analysis_internal::embedded_stop_list(entry.stop_list);
  if (list.empty()) {
    return Status::not_found("stop words: no list for language '" + std::string(entry.name) +
                             "'");
  }
  return parse(list);
}

namespace {

class StopFilter final : public TokenFilter {
 public:
  explicit StopFilter(StopWords words) : words_(std::move(words)) {}
  bool apply(Token& token) override { return !words_.contains(token.term); }
  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<StopFilter>(words_);
  }

 private:
  StopWords words_;
};

}  // namespace

std::unique_ptr<TokenFilter> make_stop_filter(StopWords words) {
  return std::make_unique<StopFilter>(std::move(words));
}

}  // namespace trawl
