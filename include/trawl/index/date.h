// Dates: how date fields read and write their values. A date is held as milliseconds since
// 1970-01-01T00:00:00Z (UTC), as a signed 64-bit integer.
//
// Accepted text (ISO-8601, years 0000-9999):
//   2025                      the year           2025-03          the month
//   2025-03-31                the day            2025-03-31T12:30 a minute (UTC)
//   2025-03-31T12:30:15       a second           2025-03-31T12:30:15.250  a millisecond
// A date-time may end with "Z" or an offset (+02:00, -0530, +02), which is subtracted to give
// UTC; without one it is UTC. "T" may be " ". Finer fractions than milliseconds are truncated.
// Text with less precision than a millisecond denotes the whole period: parse_date() gives its
// first millisecond; ranges use the whole span (a date bound covers its whole day, month or year).
//
// Thread-safety: free functions; safe from any thread.
#ifndef TRAWL_INDEX_DATE_H_
#define TRAWL_INDEX_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "trawl/export.h"
#include "trawl/result.h"

namespace trawl {

/// The milliseconds a date's text covers: [start, end).
struct DateSpan {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

/// The span `text` denotes. InvalidArgument naming the text and what is wrong ("month 13").
TRAWL_EXPORT Result<DateSpan> parse_date_span(std::string_view text);
/// The first millisecond of parse_date_span(text).
TRAWL_EXPORT Result<std::int64_t> parse_date(std::string_view text);
/// `millis` as ISO-8601 UTC: "2025-02-14T12:00:00Z", with ".250" when it has milliseconds.
/// A value outside years 0000-9999 is printed as its number of milliseconds.
TRAWL_EXPORT std::string format_date(std::int64_t millis);

}  // namespace trawl

#endif  // TRAWL_INDEX_DATE_H_
