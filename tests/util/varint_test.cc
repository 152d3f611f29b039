#include "util/varint.h"

#include <catch2/catch.hpp>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "util/checksum.h"

TEST_CASE("Varint: round trip of edge and random values", "[util]") {
  std::vector<std::uint64_t> values = {0, 1, 127, 128, 255, 256, 16383, 16384,
                                       0xFFFFFFFFull, 0x100000000ull,
                                       std::numeric_limits<std::uint64_t>::max()};
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 1000; ++i) values.push_back(rng() >> (rng() % 64));
  std::string encoded;
  for (auto v : values) trawl::util::put_varint(encoded, v);
  const auto* p = reinterpret_cast<const std::uint8_t*>(encoded.data());
  const auto* end = p + encoded.size();
  for (auto expected : values) {
    std::uint64_t v = 0;
    REQUIRE(trawl::util::get_varint(p, end, v));
    CHECK(v == expected);
  }
  CHECK(p == end);
}

TEST_CASE("Varint: truncated and overlong input is rejected", "[util]") {
  std::uint64_t v = 0;
  const std::uint8_t truncated[] = {0x80, 0x80};
  const std::uint8_t* p = truncated;
  CHECK_FALSE(trawl::util::get_varint(p, truncated + 2, v));
  const std::uint8_t overlong[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  p = overlong;
  CHECK_FALSE(trawl::util::get_varint(p, overlong + sizeof(overlong), v));
  const std::uint8_t big32[] = {0x80, 0x80, 0x80, 0x80, 0x10};
  p = big32;
  std::uint32_t v32 = 0;
  CHECK_FALSE(trawl::util::get_varint32(p, big32 + sizeof(big32), v32));
}

TEST_CASE("Checksum: streaming equals one shot, and detects a flipped bit", "[util]") {
  std::string data(100000, '\0');
  std::mt19937_64 rng(1);
  for (char& c : data) c = static_cast<char>(rng());
  const std::uint64_t whole = trawl::util::checksum(data.data(), data.size());
  trawl::util::StreamingChecksum streaming;
  for (std::size_t i = 0; i < data.size(); i += 777) {
    streaming.update(data.data() + i, std::min<std::size_t>(777, data.size() - i));
  }
  CHECK(streaming.digest() == whole);
  data[5000] = static_cast<char>(data[5000] ^ 4);
  CHECK(trawl::util::checksum(data.data(), data.size()) != whole);
}
