#include "index/value_text.h"

#include <string>

#include "trawl/index/date.h"
#include "util/parse_number.h"

namespace trawl::index_internal {

Result<ValueSpan> parse_value_span(FieldType type, std::string_view text) {
  if (type == FieldType::kDate) {
    TRAWL_ASSIGN_OR_RETURN(const DateSpan span, parse_date_span(text));
    return ValueSpan{span.start, span.end - 1};
  }
  const auto number = util::parse_number<std::int64_t>(text);
  if (!number) {
    return Status::invalid_argument("'" + std::string(text) + "' is not a 64-bit integer");
  }
  return ValueSpan{*number, *number};
}

Result<std::int64_t> parse_value(FieldType type, std::string_view text) {
  TRAWL_ASSIGN_OR_RETURN(const ValueSpan span, parse_value_span(type, text));
  return span.first;
}

std::string format_value(FieldType type, std::int64_t value) {
  return type == FieldType::kDate ? format_date(value) : std::to_string(value);
}

}  // namespace trawl::index_internal
