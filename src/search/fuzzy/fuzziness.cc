#include "search/fuzzy/fuzziness.h"

#include <unicode/uchar.h>

#include <string>

#include "search/weights/weight.h"
#include "util/utf8.h"

namespace trawl::search_internal {

Status check_edits_by_length(const Fuzziness& rules) {
  if (rules.one_edit_from == 0 || rules.two_edits_from < rules.one_edit_from) {
    return Status::invalid_argument(
        "fuzziness: one_edit_from must be at least 1 and two_edits_from at least one_edit_from, "
        "not " +
        std::to_string(rules.one_edit_from) + " and " + std::to_string(rules.two_edits_from));
  }
  return {};
}

Status check_fuzziness(const Fuzziness& rules) {
  TRAWL_RETURN_IF_ERROR(check_edits_by_length(rules));
  if (!(rules.edit_penalty > 0 && rules.edit_penalty <= 1)) {
    return Status::invalid_argument("fuzziness: edit_penalty must be in (0, 1], not " +
                                    format_number(rules.edit_penalty));
  }
  if (rules.max_expansions == 0) {
    return Status::invalid_argument("fuzziness: max_expansions must be at least 1");
  }
  return {};
}

std::uint32_t edits_by_length(const Fuzziness& rules, std::string_view word) {
  std::uint32_t length = 0;
  const auto size = static_cast<std::int32_t>(word.size());
  for (std::int32_t at = 0; at < size;) {
    const char32_t c = util::next_code_point(word.data(), at, size);
    if (u_isdigit(static_cast<UChar32>(c))) return 0;
    ++length;
  }
  if (length >= rules.two_edits_from) return 2;
  return length >= rules.one_edit_from ? 1 : 0;
}

std::string_view first_code_points(std::string_view word, std::uint32_t n) {
  const auto size = static_cast<std::int32_t>(word.size());
  std::int32_t at = 0;
  for (std::uint32_t i = 0; i < n && at < size; ++i) util::next_code_point(word.data(), at, size);
  return word.substr(0, static_cast<std::size_t>(at));
}

}  // namespace trawl::search_internal
