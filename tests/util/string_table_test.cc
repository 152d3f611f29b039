// StringTable against std::map: random keys (short, long, empty, with bytes of every value),
// interned repeatedly through several growths and a clear, numbered in order of first
// insertion.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>

#include "util/string_table.h"

TEST_CASE("String table numbers distinct keys as a map does", "[util]") {
  std::mt19937_64 rng(42);
  trawl::util::StringTable table;
  for (int round = 0; round < 2; ++round) {
    std::map<std::string, std::uint32_t> reference;
    for (int i = 0; i < 20000; ++i) {
      // Few distinct lengths and letters: many keys repeat, and some share a hash's bucket.
      std::string key(rng() % 9, '\0');
      for (char& c : key) c = static_cast<char>(rng() % 3 == 0 ? rng() % 256 : 'a' + rng() % 4);
      if (rng() % 50 == 0) key = std::string(100 + rng() % 100, 'x');
      bool added = false;
      const std::uint32_t number = table.intern(key, &added);
      const auto [it, fresh] =
          reference.emplace(key, static_cast<std::uint32_t>(reference.size()));
      CHECK(added == fresh);
      CHECK(number == it->second);
      CHECK(table.key(number) == key);
    }
    CHECK(table.size() == reference.size());
    for (const auto& [key, number] : reference) CHECK(table.key(number) == key);
    CHECK(table.memory_bytes() > 0);
    table.clear();
    CHECK(table.size() == 0);
  }
}
