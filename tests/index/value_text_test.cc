// A numeric or date field's value as text: the span each text covers, written out by hand, and
// the texts refused.
#include "index/value_text.h"

#include <catch2/catch.hpp>
#include <limits>

namespace {

using trawl::FieldType;
using trawl::index_internal::parse_value;
using trawl::index_internal::parse_value_span;

constexpr std::int64_t kDay = 86'400'000;

}  // namespace

TEST_CASE("Value text: a number covers itself, a date its whole day, month or year", "[index]") {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  auto number = parse_value_span(FieldType::kNumeric, "-42").value();
  CHECK(number.first == -42);
  CHECK(number.last == -42);
  CHECK(parse_value_span(FieldType::kNumeric, "9223372036854775807")->last == kMax);
  CHECK(parse_value_span(FieldType::kNumeric, "-9223372036854775808")->first == kMin);

  auto day = parse_value_span(FieldType::kDate, "1970-01-02").value();
  CHECK(day.first == kDay);
  CHECK(day.last == 2 * kDay - 1);
  auto year = parse_value_span(FieldType::kDate, "1970").value();
  CHECK(year.first == 0);
  CHECK(year.last == 365 * kDay - 1);
  auto instant = parse_value_span(FieldType::kDate, "1970-01-01T00:00:01.500Z").value();
  CHECK(instant.first == 1500);
  CHECK(instant.last == 1500);
  CHECK(parse_value(FieldType::kDate, "1970-02").value() == 31 * kDay);
  CHECK(parse_value(FieldType::kNumeric, "7").value() == 7);
}

TEST_CASE("Value text: what is not a value of the field is InvalidArgument, naming it",
          "[index]") {
  for (const char* text : {"", "20.5", "ten", "1e3", "9223372036854775808", " 7", "7 "}) {
    const auto result = parse_value(FieldType::kNumeric, text);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().is_invalid_argument());
    CHECK(std::string(result.error().message()) ==
          "'" + std::string(text) + "' is not a 64-bit integer");
  }
  for (const char* text : {"2025-13-01", "yesterday", "2025-02-30"}) {
    const auto result = parse_value_span(FieldType::kDate, text);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().is_invalid_argument());
  }
}
