// Round trips of the small per-segment records: stored fields and deletion bitmaps.
#include <catch2/catch.hpp>

#include <limits>
#include <random>

#include "index/deletions.h"
#include "index/stored_record.h"

TEST_CASE("Stored records: round trip of strings and integers", "[index]") {
  std::mt19937_64 rng(GENERATE(take(5, random(0u, 100000u))));
  std::vector<trawl::index_internal::StoredValue> values;
  std::string record;
  const std::int64_t edges[] = {0, 1, -1, std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max()};
  for (std::int64_t edge : edges) values.push_back({1, edge});
  for (int i = 0; i < 50; ++i) {
    if (rng() % 2) {
      values.push_back({static_cast<std::uint32_t>(rng() % 3),
                        std::string(rng() % 300, static_cast<char>(rng()))});
    } else {
      values.push_back({static_cast<std::uint32_t>(rng() % 3), static_cast<std::int64_t>(rng())});
    }
  }
  for (const auto& value : values) trawl::index_internal::append_stored(record, value.field, value.value);
  auto parsed = trawl::index_internal::parse_stored(record, 3);
  REQUIRE(parsed.has_value());
  CHECK(*parsed == values);
  CHECK(trawl::index_internal::parse_stored(record, 2).error().is_corruption());  // field 2
  for (std::size_t cut = 1; cut < 20 && cut < record.size(); ++cut) {
    // Truncated records are errors, never over-reads.
    (void)trawl::index_internal::parse_stored(record.substr(0, record.size() - cut), 3);
  }
}

TEST_CASE("Deletions: round trip at edge sizes, damage detected", "[index]") {
  auto directory = trawl::make_mem_directory();
  for (std::uint32_t docs : {1u, 63u, 64u, 65u, 1000u}) {
    CAPTURE(docs);
    trawl::index_internal::DeletionSet set(docs);
    std::mt19937 rng(docs);
    for (std::uint32_t i = 0; i < docs / 3 + 1; ++i) set.add(static_cast<trawl::DocId>(rng() % docs));
    REQUIRE(set.write(*directory, "d.del", "").ok());
    auto read = trawl::index_internal::DeletionSet::read(*directory, "d.del", docs, "");
    REQUIRE(read.has_value());
    CHECK((*read)->count() == set.count());
    for (trawl::DocId d = 0; d < docs; ++d) CHECK((*read)->contains(d) == set.contains(d));
    CHECK_FALSE((*read)->contains(docs));
    CHECK(trawl::index_internal::DeletionSet::read(*directory, "d.del", docs + 1, "")
              .error()
              .is_corruption());
  }
}
