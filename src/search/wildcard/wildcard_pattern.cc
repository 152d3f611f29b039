#include "search/wildcard/wildcard_pattern.h"

#include <cstdint>

#include "util/utf8.h"

namespace trawl::search_internal {

WildcardPattern::WildcardPattern(std::string_view pattern) {
  const auto size = static_cast<std::int32_t>(pattern.size());
  bool literal = true;
  for (std::int32_t at = 0; at < size;) {
    const std::int32_t begin = at;
    const char32_t c = util::next_code_point(pattern.data(), at, size);
    if (c == '?' || c == '*') {
      literal = false;
      ++wildcards_;
      // "**" is "*": consecutive runs would only add backtracking.
      if (c == '*' && !pattern_.empty() && pattern_.back() == kAnyRun) continue;
      pattern_.push_back(c == '?' ? kAnyOne : kAnyRun);
    } else {
      pattern_.push_back(c);
      if (literal)
        prefix_.append(
            pattern.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(at - begin)));
    }
  }
}

bool WildcardPattern::matches(std::string_view term) const {
  term_.clear();
  const auto size = static_cast<std::int32_t>(term.size());
  for (std::int32_t at = 0; at < size;)
    term_.push_back(util::next_code_point(term.data(), at, size));
  // The greedy match with one backtracking point, the last '*' seen: a mismatch after it
  // retries with the run one character longer. Earlier runs never need retrying, since any
  // placement of the text after the last '*' that works can be reached from the latest one.
  std::size_t t = 0, p = 0;
  std::size_t star = std::u32string::npos, resume = 0;
  while (t < term_.size()) {
    if (p < pattern_.size() && (pattern_[p] == kAnyOne || pattern_[p] == term_[t])) {
      ++t;
      ++p;
    } else if (p < pattern_.size() && pattern_[p] == kAnyRun) {
      star = p++;
      resume = t;
    } else if (star != std::u32string::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern_.size() && pattern_[p] == kAnyRun) ++p;
  return p == pattern_.size();
}

}  // namespace trawl::search_internal
