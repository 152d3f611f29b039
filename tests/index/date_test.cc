// Dates: parsing ISO-8601 text to UTC milliseconds and the span it denotes, and formatting back.
#include "trawl/index/date.h"

#include <catch2/catch.hpp>
#include <random>

namespace {

std::int64_t millis(std::string_view text) { return trawl::parse_date(text).value(); }

}  // namespace

TEST_CASE("Dates: the ISO-8601 forms and their spans", "[index]") {
  // 2025-02-14T00:00:00Z is 20133 days after the epoch.
  constexpr std::int64_t kDay = 86'400'000, kFeb14 = 20133 * kDay;
  CHECK(millis("1970-01-01") == 0);
  CHECK(millis("2025-02-14") == kFeb14);
  CHECK(millis("2025-02-14T12:00:00Z") == kFeb14 + 12 * 3'600'000);
  CHECK(millis("2025-02-14t12:00Z") == kFeb14 + 12 * 3'600'000);
  CHECK(millis("2025-02-14 12:00:00") == kFeb14 + 12 * 3'600'000);
  CHECK(millis("2025-02-14T12:00:00+02:00") == kFeb14 + 10 * 3'600'000);
  CHECK(millis("2025-02-14T12:00:00-0530") == kFeb14 + 17 * 3'600'000 + 30 * 60'000);
  CHECK(millis("2025-02-14T12:00:00+02") == kFeb14 + 10 * 3'600'000);
  CHECK(millis("2025-02-14T12:00:00.25Z") == kFeb14 + 12 * 3'600'000 + 250);
  CHECK(millis("2025-02-14T12:00:00.123456Z") == kFeb14 + 12 * 3'600'000 + 123);
  CHECK(millis("1969-12-31T23:59:59.999Z") == -1);
  CHECK(millis("0000-01-01") == -62'167'219'200'000);

  auto span = [](std::string_view text) {
    auto s = trawl::parse_date_span(text).value();
    return std::pair{s.start, s.end};
  };
  CHECK(span("2025") == std::pair{millis("2025-01-01"), millis("2026-01-01")});
  CHECK(span("2024-02") == std::pair{millis("2024-02-01"), millis("2024-03-01")});
  CHECK(span("2025-12") == std::pair{millis("2025-12-01"), millis("2026-01-01")});
  CHECK(span("2025-02-14") == std::pair{kFeb14, kFeb14 + kDay});
  CHECK(span("2025-02-14T12:30Z").second - span("2025-02-14T12:30Z").first == 60'000);
  CHECK(span("2025-02-14T12:30:15Z").second - span("2025-02-14T12:30:15Z").first == 1000);
  CHECK(span("2025-02-14T12:30:15.5Z").second - span("2025-02-14T12:30:15.5Z").first == 1);
}

TEST_CASE("Dates: malformed text is refused with the reason", "[index]") {
  auto why = [](std::string_view text) {
    auto date = trawl::parse_date(text);
    REQUIRE_FALSE(date.has_value());
    CHECK(date.error().is_invalid_argument());
    return std::string(date.error().message());
  };
  CHECK(why("2025-13-01").find("date '2025-13-01': month 13") == 0);
  CHECK(why("2025-02-29").find("no day 29 in that month") != std::string::npos);
  CHECK(millis("2024-02-29") == millis("2024-02-28") + 86'400'000);  // a leap year
  CHECK(why("25-01-01").find("no four-digit year") != std::string::npos);
  CHECK(why("2025-1-01").find("no two-digit month") != std::string::npos);
  CHECK(why("2025-01-01T25:00Z").find("time out of range") != std::string::npos);
  CHECK(why("2025-01-01T12").find("no HH:MM time") != std::string::npos);
  CHECK(why("2025-01-01T12:00:00.Z").find("no digits after the decimal point") !=
        std::string::npos);
  CHECK(why("2025-01-01T12:00:00+25:00").find("offset out of range") != std::string::npos);
  CHECK(why("2025-01-01x").find("unexpected 'x'") != std::string::npos);
  CHECK(why("").find("no four-digit year") != std::string::npos);
  CHECK(why("2025-01-01T12:00:00Zjunk").find("unexpected 'junk'") != std::string::npos);
}

TEST_CASE("Dates: format_date prints what parse_date reads", "[index]") {
  CHECK(trawl::format_date(0) == "1970-01-01T00:00:00Z");
  CHECK(trawl::format_date(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(trawl::format_date(millis("2025-02-14T12:34:56.789Z")) == "2025-02-14T12:34:56.789Z");
  CHECK(trawl::format_date(INT64_MIN) == std::to_string(INT64_MIN));
  CHECK(trawl::format_date(INT64_MAX) == std::to_string(INT64_MAX));
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    // Any millisecond of years 0000-9999 round-trips.
    const auto value =
        static_cast<std::int64_t>(rng() % 315'537'897'600'000ull) - 62'167'219'200'000;
    CAPTURE(value);
    REQUIRE(millis(trawl::format_date(value)) == value);
  }
}
