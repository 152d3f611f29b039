#include "util/bit_packing.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

namespace {

using trawl::util::kBlockSize;

std::vector<std::uint32_t> random_values(std::mt19937_64& rng, std::size_t n, std::uint32_t bits) {
  std::vector<std::uint32_t> values(n);
  const std::uint64_t limit = std::uint64_t{1} << bits;
  for (auto& v : values) v = static_cast<std::uint32_t>(rng() % limit);
  return values;
}

}  // namespace

TEST_CASE("Bit packing: round trip for every width and edge sizes", "[util]") {
  const std::size_t n = GENERATE(as<std::size_t>{}, 0, 1, 2, 7, 8, 9, 15, 16, 17, 64, 127, 128);
  const auto seed = GENERATE(take(3, random(0u, 1000000u)));
  CAPTURE(n, seed);
  std::mt19937_64 rng(seed);
  for (std::uint32_t bits = 0; bits <= 32; ++bits) {
    CAPTURE(bits);
    const auto values = random_values(rng, n, bits);
    std::string encoded;
    trawl::util::encode_block(values.data(), n, encoded);
    CHECK(encoded.size() ==
          trawl::util::packed_size(n, trawl::util::bits_needed(values.data(), n)));
    const auto* begin = reinterpret_cast<const std::uint8_t*>(encoded.data());

    // Exactly sized buffer: the fast decoder must fall back rather than over-read.
    std::vector<std::uint32_t> exact(kBlockSize, 0xDEADBEEF);
    CHECK(trawl::util::decode_block(begin, begin + encoded.size(), n, exact.data()) ==
          begin + encoded.size());
    CHECK(std::vector<std::uint32_t>(exact.begin(), exact.begin() + static_cast<long>(n)) ==
          values);

    // Padded buffer: the fast path equals the reference decoder.
    std::string padded = encoded + std::string(trawl::util::kMaxOverread, '\xff');
    const auto* pb = reinterpret_cast<const std::uint8_t*>(padded.data());
    std::vector<std::uint32_t> fast(kBlockSize), reference(kBlockSize);
    REQUIRE(trawl::util::decode_block(pb, pb + padded.size(), n, fast.data()) ==
            pb + encoded.size());
    REQUIRE(trawl::util::decode_block_reference(pb, pb + padded.size(), n, reference.data()) ==
            pb + encoded.size());
    CHECK(fast == reference);
    std::vector<std::uint32_t> portable(kBlockSize);
    REQUIRE(trawl::util::decode_block_portable(pb, pb + padded.size(), n, portable.data(),
                                               pb + padded.size()) == pb + encoded.size());
    CHECK(portable == reference);

    // A block that ends where its data ends but sits in a larger readable buffer (the last
    // block of a postings list inside the mapping): fast path, same values.
    std::vector<std::uint32_t> bounded(kBlockSize);
    REQUIRE(trawl::util::decode_block(pb, pb + encoded.size(), n, bounded.data(),
                                      pb + padded.size()) == pb + encoded.size());
    CHECK(bounded == reference);
    // A block longer than its end allows is malformed, however much is readable.
    if (encoded.size() > 1) {
      CHECK(trawl::util::decode_block(pb, pb + encoded.size() - 1, n, bounded.data(),
                                      pb + padded.size()) == nullptr);
    }
  }
}

TEST_CASE("Bit packing: malformed blocks are rejected, never over-read", "[util]") {
  std::vector<std::uint32_t> out(kBlockSize);
  const std::uint8_t too_wide[] = {33, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(trawl::util::decode_block(too_wide, too_wide + sizeof(too_wide), 1, out.data()) ==
        nullptr);
  const std::uint8_t truncated[] = {8, 1, 2};
  CHECK(trawl::util::decode_block(truncated, truncated + sizeof(truncated), 4, out.data()) ==
        nullptr);
  CHECK(trawl::util::decode_block(truncated, truncated, 1, out.data()) == nullptr);
  const std::uint8_t zero_width[] = {0};
  CHECK(trawl::util::decode_block(zero_width, zero_width + 1, 128, out.data()) == zero_width + 1);
  CHECK(out[127] == 0);
}

TEST_CASE("Bit packing: packed_value and unpack_range read values as the whole block decodes them",
          "[util]") {
  std::mt19937_64 rng(20261202);
  for (std::uint32_t bits = 0; bits <= 32; ++bits) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{5}, kBlockSize}) {
      CAPTURE(bits, n);
      const auto values = random_values(rng, n, bits);
      std::string encoded;
      trawl::util::encode_block(values.data(), n, encoded);
      const auto* begin = reinterpret_cast<const std::uint8_t*>(encoded.data());
      const std::uint32_t width = begin[0];
      std::vector<std::uint32_t> reference(kBlockSize);
      REQUIRE(trawl::util::decode_block_reference(begin, begin + encoded.size(), n,
                                                  reference.data()) != nullptr);
      // The block alone (no bytes after it: the byte-wise path near its end) and followed by
      // slack (the 8-byte load).
      std::string padded = encoded + std::string(8, '\xff');
      const auto* padded_begin = reinterpret_cast<const std::uint8_t*>(padded.data());
      for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i);
        CHECK(trawl::util::packed_value(begin + 1, width, i, begin + encoded.size()) ==
              reference[i]);
        CHECK(trawl::util::packed_value(padded_begin + 1, width, i,
                                        padded_begin + padded.size()) == reference[i]);
      }
      // Ranges of values (a document's positions), unpadded and padded: both loops of
      // unpack_range, and the values around the range left alone.
      for (int trial = 0; trial < 20; ++trial) {
        const std::size_t first = rng() % n;
        const std::size_t count = 1 + rng() % (n - first);
        CAPTURE(first, count);
        for (const auto& [data, size] :
             {std::pair{begin, encoded.size()}, std::pair{padded_begin, padded.size()}}) {
          std::vector<std::uint32_t> out(count + 2, 0xDEADBEEF);
          trawl::util::unpack_range(data + 1, width, first, count, out.data() + 1, data + size);
          CHECK(out.front() == 0xDEADBEEF);
          CHECK(out.back() == 0xDEADBEEF);
          for (std::size_t i = 0; i < count; ++i) CHECK(out[i + 1] == reference[first + i]);
        }
      }
    }
  }
}

TEST_CASE("Bit packing: with ample bytes after a block, every decoder equals the reference",
          "[util]") {
  // The processor's kernels (AVX2 up to 25 bits a value, where the processor has it) decode a
  // group of eight while their loads stay readable: here all of them, then only some.
  std::mt19937_64 rng(20261204);
  for (std::uint32_t bits = 0; bits <= 32; ++bits) {
    for (std::size_t n = 1; n <= kBlockSize; n += 1 + rng() % 9) {
      CAPTURE(bits, n);
      const auto values = random_values(rng, n, bits);
      std::string encoded;
      trawl::util::encode_block(values.data(), n, encoded);
      for (const std::size_t slack : {std::size_t{8}, std::size_t{13}, std::size_t{64}}) {
        CAPTURE(slack);
        const std::string padded = encoded + std::string(slack, '\x5a');
        const auto* pb = reinterpret_cast<const std::uint8_t*>(padded.data());
        const auto* end = pb + encoded.size();
        std::vector<std::uint32_t> fast(kBlockSize, 1), portable(kBlockSize, 2);
        REQUIRE(trawl::util::decode_block(pb, end, n, fast.data(), pb + padded.size()) == end);
        REQUIRE(trawl::util::decode_block_portable(pb, end, n, portable.data(),
                                                   pb + padded.size()) == end);
        fast.resize(n);
        portable.resize(n);
        CHECK(fast == values);
        CHECK(portable == values);
      }
    }
  }
}
