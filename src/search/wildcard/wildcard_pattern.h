// WildcardPattern: a glob over code points, as users type it in a search box: '?' stands for
// any one character, '*' for any run of characters (none included), everything else for
// itself. Terms are matched whole.
#ifndef TRAWL_SRC_SEARCH_WILDCARD_WILDCARD_PATTERN_H_
#define TRAWL_SRC_SEARCH_WILDCARD_WILDCARD_PATTERN_H_

#include <string>
#include <string_view>

namespace trawl::search_internal {

class WildcardPattern {
 public:
  /// `pattern` in UTF-8 (ill-formed sequences read as U+FFFD).
  explicit WildcardPattern(std::string_view pattern);

  /// Whether `term` (UTF-8) matches the whole pattern. O(term x pattern) at worst, linear
  /// for patterns with one '*'.
  bool matches(std::string_view term) const;
  /// The bytes before the first wildcard: every match starts with them, so a sorted
  /// dictionary is read from there only.
  const std::string& literal_prefix() const noexcept { return prefix_; }
  /// Whether the pattern has a wildcard at all.
  bool has_wildcard() const noexcept { return wildcards_ > 0; }

 private:
  static constexpr char32_t kAnyOne = 0xFFFFFFFEu;  // no code point has these values
  static constexpr char32_t kAnyRun = 0xFFFFFFFFu;
  std::u32string pattern_;  // code points, kAnyOne and kAnyRun
  std::string prefix_;
  std::size_t wildcards_ = 0;
  mutable std::u32string term_;  // matches()' decoded term, reused
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_WILDCARD_WILDCARD_PATTERN_H_
