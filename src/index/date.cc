#include "trawl/index/date.h"

#include <chrono>

namespace trawl {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;

Status bad_date(std::string_view text, const std::string& why) {
  return Status::invalid_argument("date '" + std::string(text) + "': " + why +
                                  " (expected ISO-8601, e.g. 2025-02-14 or 2025-02-14T12:00:00Z)");
}

// Reads exactly `digits` decimal digits at text[at]; false if they are not there.
bool read_number(std::string_view text, std::size_t& at, int digits, int& out) {
  if (at + static_cast<std::size_t>(digits) > text.size()) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = text[at + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  at += static_cast<std::size_t>(digits);
  return true;
}

std::int64_t days_since_epoch(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return days.time_since_epoch().count();
}

}  // namespace

Result<DateSpan> parse_date_span(std::string_view text) {
  std::size_t at = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  if (!read_number(text, at, 4, year)) return bad_date(text, "no four-digit year");
  enum { kYear, kMonth, kDay, kMinute, kSecond, kMilli } precision = kYear;
  if (at < text.size() && text[at] == '-') {
    ++at;
    if (!read_number(text, at, 2, month)) return bad_date(text, "no two-digit month");
    if (month < 1 || month > 12) return bad_date(text, "month " + std::to_string(month));
    precision = kMonth;
    if (at < text.size() && text[at] == '-') {
      ++at;
      if (!read_number(text, at, 2, day)) return bad_date(text, "no two-digit day");
      precision = kDay;
    }
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return bad_date(text, "no day " + std::to_string(day) + " in that month");
  std::int64_t offset_minutes = 0;
  if (precision == kDay && at < text.size() &&
      (text[at] == 'T' || text[at] == 't' || text[at] == ' ')) {
    ++at;
    if (!read_number(text, at, 2, hour) || at >= text.size() || text[at] != ':' ||
        !read_number(text, ++at, 2, minute)) {
      return bad_date(text, "no HH:MM time after the date");
    }
    if (hour > 23 || minute > 59) return bad_date(text, "time out of range");
    precision = kMinute;
    if (at < text.size() && text[at] == ':') {
      if (!read_number(text, ++at, 2, second) || second > 59) {
        return bad_date(text, "no two-digit seconds from 00 to 59");
      }
      precision = kSecond;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        int digits = 0;
        for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
          if (digits < 3) millis = millis * 10 + (text[at] - '0');
        }
        if (digits == 0) return bad_date(text, "no digits after the decimal point");
        for (int d = digits; d < 3; ++d) millis *= 10;
        precision = kMilli;
      }
    }
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
      ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
      const int sign = text[at] == '-' ? -1 : 1;
      int offset_hours = 0, offset_mins = 0;
      if (!read_number(text, ++at, 2, offset_hours)) return bad_date(text, "bad offset");
      if (at < text.size() && text[at] == ':') ++at;
      if (at < text.size() && !read_number(text, at, 2, offset_mins)) {
        return bad_date(text, "bad offset");
      }
      if (offset_hours > 23 || offset_mins > 59) return bad_date(text, "offset out of range");
      offset_minutes = sign * (offset_hours * 60 + offset_mins);
    }
  }
  if (at != text.size()) {
    return bad_date(text, "unexpected '" + std::string(text.substr(at)) + "'");
  }
  const std::int64_t start_day =
      days_since_epoch(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  DateSpan span;
  span.start = start_day * kMillisPerDay +
               ((hour * 60 + minute - offset_minutes) * 60 + second) * std::int64_t{1000} + millis;
  switch (precision) {
    case kYear:
      span.end = days_since_epoch(year + 1, 1, 1) * kMillisPerDay;
      break;
    case kMonth:
      span.end = (month == 12 ? days_since_epoch(year + 1, 1, 1)
                              : days_since_epoch(year, static_cast<unsigned>(month + 1), 1)) *
                 kMillisPerDay;
      break;
    case kDay:
      span.end = span.start + kMillisPerDay;
      break;
    case kMinute:
      span.end = span.start + 60'000;
      break;
    case kSecond:
      span.end = span.start + 1000;
      break;
    case kMilli:
      span.end = span.start + 1;
      break;
  }
  return span;
}

Result<std::int64_t> parse_date(std::string_view text) {
  TRAWL_ASSIGN_OR_RETURN(DateSpan span, parse_date_span(text));
  return span.start;
}

std::string format_date(std::int64_t millis) {
  // 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z; anything else is printed as its number.
  constexpr std::int64_t kFirst = -62'167'219'200'000, kLast = 253'402'300'799'999;
  if (millis < kFirst || millis > kLast) return std::to_string(millis);
  std::int64_t days = millis / kMillisPerDay;
  std::int64_t rest = millis % kMillisPerDay;
  if (rest < 0) {
    rest += kMillisPerDay;
    --days;
  }
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  const auto ms = static_cast<int>(rest % 1000);
  const auto total_seconds = static_cast<int>(rest / 1000);
  // Written digit by digit: it labels every histogram bucket and formats range bounds per query,
  // where snprintf cost more than a whole range search (4k instructions a call).
  char buffer[24];
  char* out = buffer;
  auto digits = [&out](int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
    out += width;
  };
  auto put = [&out](char c) { *out++ = c; };
  digits(static_cast<int>(date.year()), 4);
  put('-');
  digits(static_cast<int>(static_cast<unsigned>(date.month())), 2);
  put('-');
  digits(static_cast<int>(static_cast<unsigned>(date.day())), 2);
  put('T');
  digits(total_seconds / 3600, 2);
  put(':');
  digits(total_seconds / 60 % 60, 2);
  put(':');
  digits(total_seconds % 60, 2);
  if (ms != 0) {
    put('.');
    digits(ms, 3);
  }
  put('Z');
  return std::string(buffer, out);
}

}  // namespace trawl
