// A numeric or date field's value written as text, as range bounds, decay origins and facet
// edges give it: a signed 64-bit integer for a numeric field; for a date field an ISO-8601 date
// or date-time, or milliseconds since the epoch (trawl/index/date.h). One reading for the
// parser, the weights and the collectors, so that they accept and refuse the same texts, and
// one writing for the facet labels and explanations that show values.
#ifndef TRAWL_SRC_INDEX_VALUE_TEXT_H_
#define TRAWL_SRC_INDEX_VALUE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "trawl/index/schema.h"
#include "trawl/result.h"

namespace trawl::index_internal {

/// The values a text covers, both ends included: a number covers itself; a date its whole
/// day, month or year ("2025-02" is every millisecond of February 2025).
struct ValueSpan {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

/// The span `text` denotes in a field of `type` (numeric or date). InvalidArgument naming the
/// text and what is wrong ("'20.5' is not a 64-bit integer", "month 13").
Result<ValueSpan> parse_value_span(FieldType type, std::string_view text);
/// The first value of parse_value_span(): the number, or the date's first millisecond.
Result<std::int64_t> parse_value(FieldType type, std::string_view text);
/// `value` of a field of `type` as text: a date in ISO-8601 UTC (format_date), else its digits.
/// parse_value() reads it back.
std::string format_value(FieldType type, std::int64_t value);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_VALUE_TEXT_H_
