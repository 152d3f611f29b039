// Synonyms (make_synonym_filter, parse_synonyms): each word of a user's group gets the group's
// other words as colocated forms, so that a query for any of them finds the others, in bags and
// in phrases alike (a form stands at its word's position).
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trawl/analysis/token_filter.h"

namespace trawl {
namespace analysis_internal {
namespace {

class SynonymFilter final : public TokenFilter {
 public:
  using Table = std::map<std::string, std::vector<std::string>, std::less<>>;
  explicit SynonymFilter(std::shared_ptr<const Table> table) : table_(std::move(table)) {}

  bool apply(Token&) override { return true; }
  bool adds_forms() const override { return true; }
  void add_forms(const Token& token, FormList& forms) override {
    const auto found = table_->find(token.term);
    if (found == table_->end()) return;
    for (const std::string& form : found->second) forms.add().assign(form);
  }
  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<SynonymFilter>(table_);
  }

 private:
  std::shared_ptr<const Table> table_;  // word -> its synonyms; immutable, shared by clones
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace
}  // namespace analysis_internal

Result<std::unique_ptr<TokenFilter>> make_synonym_filter(
    const std::vector<std::vector<std::string>>& groups) {
  using analysis_internal::SynonymFilter;
  TRAWL_ASSIGN_OR_RETURN(auto normalize, make_normalize_filter());
  auto table = std::make_shared<SynonymFilter::Table>();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::string> words;
    for (const std::string& entry : groups[g]) {
      const std::string where = "synonyms: group " + std::to_string(g + 1) + ": ";
      Token token;
      token.term = std::string(analysis_internal::trim(entry));
      if (token.term.empty()) return Status::invalid_argument(where + "an empty word");
      if (std::any_of(token.term.begin(), token.term.end(), analysis_internal::is_space)) {
        return Status::invalid_argument(where + "'" + token.term +
                                        "' is several words; synonyms are single words");
      }
      // Matched against normalised words: written as people type them, normalised here.
      if (!normalize->apply(token)) {
        return Status::invalid_argument(where + "'" + entry + "' normalises to nothing");
      }
      TRAWL_RETURN_IF_ERROR(normalize->status());
      if (std::find(words.begin(), words.end(), token.term) == words.end()) {
        words.push_back(std::move(token.term));
      }
    }
    // A word in several groups has the words of all of them.
    for (const std::string& word : words) {
      std::vector<std::string>& forms = (*table)[word];
      for (const std::string& other : words) {
        if (other != word && std::find(forms.begin(), forms.end(), other) == forms.end()) {
          forms.push_back(other);
        }
      }
    }
  }
  return std::unique_ptr<TokenFilter>(std::make_unique<SynonymFilter>(std::move(table)));
}

Result<std::vector<std::vector<std::string>>> parse_synonyms(std::string_view text) {
  std::vector<std::vector<std::string>> groups;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    line = line.substr(0, std::min(line.find('#'), line.size()));
    if (analysis_internal::trim(line).empty()) continue;
    std::vector<std::string> group;
    while (true) {
      const std::size_t comma = std::min(line.find(','), line.size());
      const std::string_view word = analysis_internal::trim(line.substr(0, comma));
      if (word.empty()) {
        return Status::invalid_argument("synonyms: line " + std::to_string(line_number) +
                                        ": an empty word (words are separated by commas)");
      }
      group.emplace_back(word);
      if (comma == line.size()) break;
      line.remove_prefix(comma + 1);
    }
    if (group.size() < 2) {
      return Status::invalid_argument("synonyms: line " + std::to_string(line_number) +
                                      ": a group needs two words or more");
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace trawl
