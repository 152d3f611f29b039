// Whole-text number parsing for values users type (range bounds, facet edges, intervals): the
// number, or nullopt if the text is not exactly one (no sign games, no trailing bytes).
#ifndef TRAWL_SRC_UTIL_PARSE_NUMBER_H_
#define TRAWL_SRC_UTIL_PARSE_NUMBER_H_

#include <charconv>
#include <optional>
#include <string_view>

namespace trawl::util {

/// `text` as a T (an integer in `base`, or a floating-point number), if it is exactly one.
template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_PARSE_NUMBER_H_
