// The dictionary's block index (.tix) against std::upper_bound over the first keys: the block
// that may hold a key is the last whose first key is <= it. File version 4 searches the keys'
// eight-byte heads first; version 3 (written by hand here from docs/format/segment.md) has none.
#include "index/dictionary_index.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "store/file_format.h"
#include "trawl/store/directory.h"
#include "util/varint.h"

namespace {

using trawl::index_internal::DictionaryIndex;
using trawl::index_internal::DictionaryIndexReader;
using trawl::index_internal::key_head;

// Keys as a dictionary holds them (a two-byte field number, then the term), drawn so that many
// share their first eight bytes or more (numbered ids), some are shorter than eight bytes, and
// some hold zero bytes.
std::vector<std::string> random_keys(std::mt19937& rng, std::size_t count) {
  std::set<std::string> keys;
  const std::string alphabet("\0\1abcz\x7f\xff", 8);
  while (keys.size() < count) {
    std::string key;
    key += '\0';
    key += static_cast<char>(rng() % 3);
    switch (rng() % 3) {
      case 0:  // a numbered id: heads tie across blocks
        key += "doc-" + std::to_string(1000000 + rng() % 100000);
        break;
      case 1:  // short
        for (auto i = rng() % 5; i > 0; --i) key += alphabet[rng() % alphabet.size()];
        break;
      default:
        for (auto i = rng() % 12; i > 0; --i) key += alphabet[rng() % alphabet.size()];
        break;
    }
    keys.insert(key);
  }
  return {keys.begin(), keys.end()};
}

// The reference: the last block whose first key is <= key, or block 0.
std::size_t expected_block(const std::vector<std::string>& first_keys, const std::string& key) {
  const auto above = std::upper_bound(first_keys.begin(), first_keys.end(), key);
  return above == first_keys.begin() ? 0 : static_cast<std::size_t>(above - first_keys.begin()) - 1;
}

// Version 3's body: the layout of version 4 without the heads.
std::string version3_body(const DictionaryIndex& index) {
  std::string out;
  for (const std::uint64_t offset : index.offsets) trawl::util::put_fixed64(out, offset);
  std::uint64_t key_end = 0;
  for (const std::string& key : index.first_keys) {
    key_end += key.size();
    trawl::util::put_fixed64(out, key_end);
  }
  for (const std::string& key : index.first_keys) out += key;
  trawl::util::put_fixed64(out, index.offsets.size());
  return out;
}

trawl::store_internal::FramedFile write_and_open(trawl::Directory& directory,
                                                 const std::string& name, std::uint32_t version,
                                                 const std::string& body) {
  using namespace trawl::store_internal;
  auto writer = FileWriter::create(directory, name, "TIDX", version, {new_identity(), true});
  REQUIRE(writer.has_value());
  REQUIRE(writer->append(body).ok());
  REQUIRE(writer->finish().ok());
  auto file = open_framed(directory, name, "TIDX", trawl::index_internal::kDictIndexVersion, false);
  REQUIRE(file.has_value());
  return std::move(*file);
}

}  // namespace

TEST_CASE("Dictionary index: a key's head orders as the key does", "[index]") {
  std::mt19937 rng(7);
  const auto keys = random_keys(rng, 2000);
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    CAPTURE(i);
    CHECK(key_head(keys[i]) <= key_head(keys[i + 1]));  // keys are sorted
  }
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string& a = keys[rng() % keys.size()];
    const std::string& b = keys[rng() % keys.size()];
    if (key_head(a) < key_head(b)) CHECK(a < b);
  }
  CHECK(key_head(std::string("ab", 2)) == key_head(std::string("ab\0", 3)));
  CHECK(key_head("abcdefgh") == 0x6162636465666768ULL);
  CHECK(key_head("abcdefghZ") == key_head("abcdefgh"));
}

TEST_CASE("Dictionary index: find() is the last block whose first key is <= the key", "[index]") {
  std::mt19937 rng(11);
  for (const std::size_t blocks :
       {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{40}, std::size_t{700}}) {
    CAPTURE(blocks);
    DictionaryIndex index;
    index.first_keys = random_keys(rng, blocks);
    const std::uint64_t dict_size = 100 * blocks;
    for (std::size_t b = 0; b < blocks; ++b) index.offsets.push_back(100 * b);

    auto directory = trawl::make_mem_directory();
    const auto v4 = write_and_open(*directory, "v4.tix", trawl::index_internal::kDictIndexVersion,
                                   trawl::index_internal::encode_dictionary_index(index));
    const auto v3 = write_and_open(
        *directory, "v3.tix", trawl::index_internal::kFlatDictIndexVersion, version3_body(index));
    for (const auto* file : {&v4, &v3}) {
      CAPTURE(file->version);
      auto reader = DictionaryIndexReader::open(*file, dict_size);
      REQUIRE(reader.has_value());
      REQUIRE(reader->size() == blocks);
      // The first keys themselves, their neighbours, and random keys between them.
      std::vector<std::string> probes = random_keys(rng, 300);
      for (const std::string& key : index.first_keys) {
        probes.push_back(key);
        probes.push_back(key + std::string(1, '\0'));
        probes.push_back(key.substr(0, key.size() - 1));
        std::string below = key;
        if (!below.empty() && below.back() != '\0') --below.back();
        probes.push_back(below);
      }
      probes.push_back("");
      probes.push_back(std::string(20, '\xff'));
      for (const std::string& key : probes) {
        CAPTURE(key);
        auto found = reader->find(key);
        REQUIRE(found.has_value());
        CHECK(*found == expected_block(index.first_keys, key));
        CHECK(reader->offset(*found).value() == index.offsets[*found]);
      }
    }
  }
}

TEST_CASE("Dictionary index: damaged heads are Corruption, never a wrong block", "[index]") {
  std::mt19937 rng(13);
  DictionaryIndex index;
  // Enough blocks that the heads lie on other pages than the block count, which open() reads.
  index.first_keys = random_keys(rng, 700);
  for (std::size_t b = 0; b < 700; ++b) index.offsets.push_back(10 * b);
  auto directory = trawl::make_mem_directory();
  write_and_open(*directory, "a.tix", trawl::index_internal::kDictIndexVersion,
                 trawl::index_internal::encode_dictionary_index(index));
  // Flip a byte of the middle block's head (the heads follow the offsets and the key ends),
  // where the binary search starts: the page check fails.
  using trawl::store_internal::kHeaderSize;
  using trawl::store_internal::kIdentitySize;
  std::string bytes(directory->open("a.tix").value()->bytes());
  const std::size_t head_byte = kHeaderSize + kIdentitySize + 700 * 16 + 350 * 8 + 3;
  REQUIRE(bytes.compare(kHeaderSize + kIdentitySize, 8,
                        trawl::index_internal::encode_dictionary_index(index), 0, 8) == 0);
  bytes[head_byte] = static_cast<char>(bytes[head_byte] ^ 0x20);
  auto file = directory->create("b.tix");
  REQUIRE(file.has_value());
  REQUIRE((*file)->append(bytes).ok());
  REQUIRE((*file)->close().ok());
  auto damaged = trawl::store_internal::open_framed(
      *directory, "b.tix", "TIDX", trawl::index_internal::kDictIndexVersion, false);
  REQUIRE(damaged.has_value());
  auto reader = DictionaryIndexReader::open(*damaged, 7000);
  REQUIRE(reader.has_value());
  const auto found = reader->find(index.first_keys[100]);
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().is_corruption());
}
