// Boost archives inside framed files: a length that claims more than the bytes left is
// Corruption, not an allocation of that size (a checksum-valid file may still hold one: the
// damaged-index fuzzer reframes bodies to reach this parser).
#include "store/archive.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace {

struct Record {
  std::string name;
  std::vector<std::uint64_t> numbers;
  std::vector<std::string> words;
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive & name & numbers & words;
  }
};

// Overwrites the 8 bytes at the first occurrence of `value` (as a u64) in `bytes`.
void patch_u64(std::string& bytes, std::uint64_t value, std::uint64_t with) {
  char needle[8];
  std::memcpy(needle, &value, 8);
  const auto at = bytes.find(std::string(needle, 8));
  REQUIRE(at != std::string::npos);
  std::memcpy(&bytes[at], &with, 8);
}

}  // namespace

TEST_CASE("Archives: round trip, and lengths beyond the bytes left are refused", "[store]") {
  using trawl::store_internal::load_archive;
  using trawl::store_internal::save_archive;
  const Record original{std::string(37, 'n'), {1, 2, 3, 4, 5}, {"a", "bb", "ccc", "d", "e", "f", "g"}};
  const std::string bytes = save_archive(original);
  Record loaded;
  REQUIRE(load_archive(bytes, "r", loaded).ok());
  CHECK(loaded.name == original.name);
  CHECK(loaded.numbers == original.numbers);
  CHECK(loaded.words == original.words);

  for (const auto& [length, what] : {std::pair<std::uint64_t, const char*>{37, "string"},
                                     {5, "vector of numbers"},
                                     {7, "vector of strings"}}) {
    CAPTURE(what);
    for (std::uint64_t huge : {std::uint64_t{0x4200000008}, ~std::uint64_t{0}, std::uint64_t{1} << 40}) {
      std::string damaged = bytes;
      patch_u64(damaged, length, huge);
      Record out;
      const trawl::Status status = load_archive(damaged, "r", out);
      CHECK(status.is_corruption());
      CHECK(std::string(status.message()).rfind("r: malformed metadata", 0) == 0);
    }
  }
}

namespace {

struct Flags {
  std::uint64_t marker = 0;
  bool flag = false;
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive & marker & flag;
  }
};

}  // namespace

TEST_CASE("Archives: a boolean byte other than 0 or 1 is refused, never loaded", "[store]") {
  using trawl::store_internal::load_archive;
  using trawl::store_internal::save_archive;
  for (const bool value : {false, true}) {
    const std::string bytes = save_archive(Flags{0x1122334455667788ull, value});
    Flags loaded;
    REQUIRE(load_archive(bytes, "flags", loaded).ok());
    CHECK(loaded.flag == value);
    // The boolean is the byte after the marker (a crafted but checksum-valid file may hold any).
    std::string damaged = bytes;
    const char marker[8] = {'\x88', '\x77', '\x66', '\x55', '\x44', '\x33', '\x22', '\x11'};
    const auto at = damaged.find(std::string(marker, 8));
    REQUIRE(at != std::string::npos);
    REQUIRE(at + 8 < damaged.size());
    for (const int byte : {2, 0x7f, 0xff}) {
      damaged[at + 8] = static_cast<char>(byte);
      const auto status = load_archive(damaged, "flags", loaded);
      CHECK(status.is_corruption());
    }
  }
}
