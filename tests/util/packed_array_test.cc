// Packed arrays against the values they were given: random arrays of every kind the .val
// columns hold (offsets rising by about a step, numbers anywhere in int64 with a common
// divisor, small codes), each value read back alone, from a copy of just the bytes the header
// says the array takes.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "util/packed_array.h"

namespace {

using trawl::util::append_packed;
using trawl::util::kPackedHeaderBytes;
using trawl::util::parse_packed_header;

// Packs `values`, then reads each back from a buffer holding exactly the array.
void check_round_trip(const std::vector<std::uint64_t>& values, bool rising) {
  std::string out = "xyz";  // arrays start anywhere in a section
  append_packed(out, values, rising);
  const auto header = parse_packed_header(reinterpret_cast<const std::uint8_t*>(out.data()) + 3);
  REQUIRE(header.has_value());
  REQUIRE(out.size() == 3 + kPackedHeaderBytes + header->data_bytes(values.size()));
  const std::vector<std::uint8_t> data(out.begin() + 3 + kPackedHeaderBytes, out.end());
  for (std::uint64_t i = 0; i < values.size(); ++i) {
    const auto [begin, end] = header->bytes_of(i, i + 1);
    REQUIRE(end <= data.size());
    REQUIRE(begin <= end);
    CAPTURE(i, header->bits, rising);
    REQUIRE(header->get(data.data(), i) == values[i]);
  }
}

}  // namespace

TEST_CASE("Packed arrays read back every value", "[util]") {
  std::mt19937_64 rng(20261202);
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = rng() % 300;
    std::vector<std::uint64_t> values(n);
    const int kind = round % 6;
    if (kind == 0) {  // offsets: one value per document, sometimes none or several
      std::uint64_t at = rng() % 5;
      for (auto& v : values) v = at += (rng() % 10 == 0 ? rng() % 4 : 1);
    } else if (kind == 1) {  // offsets of strings of random lengths
      std::uint64_t at = 0;
      for (auto& v : values) v = at += rng() % 40;
    } else if (kind == 2) {  // dates in whole days, around the epoch
      for (auto& v : values) {
        v = static_cast<std::uint64_t>((static_cast<std::int64_t>(rng() % 40000) - 20000) * 86'400'000);
      }
    } else if (kind == 3) {  // anything in int64
      for (auto& v : values) v = rng();
      if (n > 1) {
        values[0] = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::min());
        values[1] = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      }
    } else if (kind == 4) {  // small codes, of every width
      const unsigned bits = static_cast<unsigned>(rng() % 64);
      for (auto& v : values) v = bits == 0 ? 0 : rng() >> (64 - bits);
    } else {  // all equal
      const std::uint64_t v = rng();
      for (auto& x : values) x = v;
    }
    check_round_trip(values, kind <= 1);
    check_round_trip(values, false);
  }
}

TEST_CASE("Packed arrays take few bits where the values allow", "[util]") {
  const auto bits_of = [](const std::vector<std::uint64_t>& values, bool rising) {
    std::string out;
    append_packed(out, values, rising);
    return parse_packed_header(reinterpret_cast<const std::uint8_t*>(out.data()))->bits;
  };
  std::vector<std::uint64_t> one_per_document(1000);
  for (std::size_t i = 0; i < one_per_document.size(); ++i) one_per_document[i] = i;
  CHECK(bits_of(one_per_document, true) == 0);
  std::vector<std::uint64_t> days;
  for (std::int64_t d = 0; d < 1000; ++d) days.push_back(static_cast<std::uint64_t>((18000 + d % 365) * 86'400'000));
  CHECK(bits_of(days, false) == 9);
  CHECK(bits_of({}, false) == 0);
  // A malformed width is refused.
  std::string header(kPackedHeaderBytes, '\0');
  header[0] = 60;
  CHECK_FALSE(parse_packed_header(reinterpret_cast<const std::uint8_t*>(header.data())).has_value());
}
