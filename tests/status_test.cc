#include "trawl/status.h"

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>

#include "trawl/result.h"

namespace {

trawl::Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return trawl::Status::invalid_argument(std::string("not a digit: ") + c);
  return c - '0';
}

trawl::Result<int> sum_digits(const std::string& text) {
  int sum = 0;
  for (char c : text) {
    TRAWL_ASSIGN_OR_RETURN(int digit, parse_digit(c));
    sum += digit;
  }
  return sum;
}

trawl::Status check_digits(const std::string& text) {
  TRAWL_RETURN_IF_ERROR(sum_digits(text).status());
  return {};
}

}  // namespace

TEST_CASE("Status: OK by default, codes and messages otherwise", "[core]") {
  trawl::Status ok;
  CHECK(ok.ok());
  CHECK(ok.code() == trawl::Status::Code::kOk);
  CHECK(ok.to_string() == "OK");
  CHECK(ok.message().empty());

  const trawl::Status corrupt = trawl::Status::corruption("segment_1.post: bad checksum");
  CHECK_FALSE(corrupt.ok());
  CHECK(corrupt.is_corruption());
  CHECK_FALSE(corrupt.is_io_error());
  CHECK(corrupt.message() == "segment_1.post: bad checksum");
  CHECK(corrupt.to_string() == "Corruption: segment_1.post: bad checksum");

  CHECK(trawl::Status::invalid_argument("x").is_invalid_argument());
  CHECK(trawl::Status::not_found("x").is_not_found());
  CHECK(trawl::Status::io_error("x").is_io_error());
  CHECK(trawl::Status::not_supported("x").is_not_supported());
  CHECK(trawl::Status::internal("x").is_internal());
  // An OK code with a message would make ok() lie.
  CHECK_FALSE(trawl::Status::make(trawl::Status::Code::kOk, "x").ok());
}

TEST_CASE("Status: copies are deep, context is prepended", "[core]") {
  trawl::Status original = trawl::Status::io_error("disk full");
  trawl::Status copy = original;
  original = trawl::Status();
  CHECK(copy.is_io_error());
  CHECK(copy.message() == "disk full");
  CHECK(copy.with_context("committing /srv/idx").to_string() ==
        "IOError: committing /srv/idx: disk full");
  CHECK(trawl::Status().with_context("anything").ok());
  std::ostringstream out;
  out << copy;
  CHECK(out.str() == "IOError: disk full");
}

TEST_CASE("Result: holds a value or a failure, macros propagate", "[core]") {
  trawl::Result<int> good = sum_digits("123");
  REQUIRE(good.has_value());
  CHECK(*good == 6);
  CHECK(good.status().ok());

  trawl::Result<int> bad = sum_digits("12x");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().is_invalid_argument());
  CHECK(bad.error().message() == "not a digit: x");
  CHECK(bad.value_or(-1) == -1);
  CHECK(check_digits("9").ok());
  CHECK(check_digits("a").is_invalid_argument());

  trawl::Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
  std::unique_ptr<int> taken = std::move(owned).value();
  CHECK(*taken == 7);

  trawl::Result<int> from_ok_status{trawl::Status()};
  CHECK_FALSE(from_ok_status.has_value());
  CHECK(from_ok_status.error().is_internal());
}
