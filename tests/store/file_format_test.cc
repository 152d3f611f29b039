#include "store/file_format.h"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("Framed files: round trip and every kind of damage", "[store]") {
  auto directory = trawl::make_mem_directory();
  auto writer = trawl::store_internal::FileWriter::create(*directory, "f.dat", "TEST", 3);
  REQUIRE(writer.has_value());
  std::string body;
  for (int i = 0; i < 100000; ++i) body += static_cast<char>('a' + i % 26);
  REQUIRE(writer->append(body.substr(0, 5)).ok());
  REQUIRE(writer->append(body.substr(5)).ok());
  CHECK(writer->body_position() == body.size());
  REQUIRE(writer->finish().ok());

  auto opened = trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 3, true);
  REQUIRE(opened.has_value());
  CHECK(opened->body == body);
  CHECK(opened->version == 3);

  CHECK(trawl::store_internal::open_framed(*directory, "f.dat", "OTHR", 3, false)
            .error()
            .is_corruption());
  auto newer = trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 2, false);
  CHECK(newer.error().is_not_supported());
  CHECK(std::string(newer.error().message()).find("newer") != std::string::npos);

  const std::string original(directory->open("f.dat").value()->bytes());
  auto rewrite = [&](const std::string& bytes) {
    auto file = directory->create("f.dat");
    REQUIRE(file.has_value());
    REQUIRE((*file)->append(bytes).ok());
  };
  SECTION("truncated anywhere") {
    for (std::size_t size : {std::size_t{0}, std::size_t{10}, std::size_t{39}, original.size() / 2,
                             original.size() - 1}) {
      CAPTURE(size);
      rewrite(original.substr(0, size));
      auto damaged = trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 3, true);
      REQUIRE_FALSE(damaged.has_value());
      CHECK(damaged.error().is_corruption());
      CHECK(std::string(damaged.error().message()).rfind("f.dat: ", 0) == 0);
    }
  }
  SECTION("a flipped bit in the body is caught by the checksum") {
    std::string bytes = original;
    bytes[5000] = static_cast<char>(bytes[5000] ^ 1);
    rewrite(bytes);
    CHECK(trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 3, false).has_value());
    auto damaged = trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 3, true);
    REQUIRE_FALSE(damaged.has_value());
    CHECK(std::string(damaged.error().message()).find("checksum") != std::string::npos);
  }
  SECTION("not a trawl file") {
    rewrite(std::string(100, 'x'));
    CHECK(trawl::store_internal::open_framed(*directory, "f.dat", "TEST", 3, false)
              .error()
              .is_corruption());
  }
}

namespace {

// A body of `size` bytes that differs from page to page.
std::string patterned(std::size_t size) {
  std::string body;
  for (std::size_t i = 0; i < size; ++i) body += static_cast<char>((i * 131 + i / 4096) & 0xFF);
  return body;
}

std::string file_bytes(trawl::Directory& directory, const std::string& name) {
  return std::string(directory.open(name).value()->bytes());
}

void replace_file(trawl::Directory& directory, const std::string& name, const std::string& bytes) {
  auto file = directory.create(name);
  REQUIRE(file.has_value());
  REQUIRE((*file)->append(bytes).ok());
  REQUIRE((*file)->close().ok());
}

}  // namespace

TEST_CASE("Framed files: identity and page checksums", "[store]") {
  using namespace trawl::store_internal;
  auto directory = trawl::make_mem_directory();
  const std::string identity = new_identity();
  REQUIRE(identity.size() == kIdentitySize);
  CHECK(new_identity() != identity);
  const std::size_t page = std::size_t{1} << kPageShift;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, page - 1, page, page + 1, 10 * page + 7}) {
    CAPTURE(size);
    const std::string body = patterned(size);
    auto writer = FileWriter::create(*directory, "p.dat", "TEST", 1, {identity, true});
    REQUIRE(writer.has_value());
    for (std::size_t at = 0; at < body.size(); at += 1000) {  // pieces across page boundaries
      REQUIRE(writer->append(std::string_view(body).substr(at, 1000)).ok());
    }
    CHECK(writer->body_position() == size);
    REQUIRE(writer->finish().ok());

    auto opened = open_framed(*directory, "p.dat", "TEST", 1, false);
    REQUIRE(opened.has_value());
    CHECK(opened->body == body);
    CHECK(opened->identity == identity);
    REQUIRE(opened->pages != nullptr);
    CHECK(opened->verify(0, size).ok());
    CHECK(opened->verify(0, size + 1).is_corruption());  // outside the body
    CHECK(open_framed(*directory, "p.dat", "TEST", 1, true).has_value());
  }

  // One flipped byte on page 3 fails exactly the ranges that touch page 3, naming it.
  const std::string body = patterned(10 * page + 7);
  {
    auto writer = FileWriter::create(*directory, "p.dat", "TEST", 1, {identity, true});
    REQUIRE(writer->append(body).ok());
    REQUIRE(writer->finish().ok());
  }
  const std::string original = file_bytes(*directory, "p.dat");
  const std::size_t header = kHeaderSize + kIdentitySize;
  std::string damaged = original;
  damaged[header + 3 * page + 100] = static_cast<char>(damaged[header + 3 * page + 100] ^ 0x40);
  replace_file(*directory, "p.dat", damaged);
  {
    auto opened = open_framed(*directory, "p.dat", "TEST", 1, false);
    REQUIRE(opened.has_value());  // open reads only the page table
    CHECK(opened->verify(0, 3 * page).ok());
    CHECK(opened->verify(4 * page, body.size()).ok());
    const trawl::Status status = opened->verify(3 * page + 5, 3 * page + 6);
    CHECK(status.is_corruption());
    CHECK(std::string(status.message()) ==
          "p.dat: page 3 (body bytes 12288..16384) fails its checksum (the file is damaged)");
    CHECK(opened->verify(2 * page, 5 * page).is_corruption());  // and it stays unverified
    CHECK_FALSE(open_framed(*directory, "p.dat", "TEST", 1, true).has_value());
  }
  // Damage to the page table or its trailer is found at open.
  for (std::size_t from_end : {kFooterSize + 1, kFooterSize + 5, kFooterSize + 12, kFooterSize + 17}) {
    CAPTURE(from_end);
    damaged = original;
    const std::size_t at = damaged.size() - from_end;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
    replace_file(*directory, "p.dat", damaged);
    auto opened = open_framed(*directory, "p.dat", "TEST", 1, false);
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().is_corruption());
    CHECK(std::string(opened.error().message()).rfind("p.dat: page table", 0) == 0);
  }
  // Unknown header flags are damage too.
  damaged = original;
  damaged[13] = static_cast<char>(damaged[13] | 0x10);
  replace_file(*directory, "p.dat", damaged);
  CHECK(open_framed(*directory, "p.dat", "TEST", 1, false).error().is_corruption());
}

TEST_CASE("Framed files: a file without a page table is verified whole at first use", "[store]") {
  using namespace trawl::store_internal;
  auto directory = trawl::make_mem_directory();
  const std::string body = patterned(20000);
  {
    auto writer = FileWriter::create(*directory, "w.dat", "TEST", 1);
    REQUIRE(writer->append(body).ok());
    REQUIRE(writer->finish().ok());
  }
  std::string bytes = file_bytes(*directory, "w.dat");
  auto intact = open_framed(*directory, "w.dat", "TEST", 1, false);
  REQUIRE(intact.has_value());
  CHECK(intact->identity.empty());
  CHECK(intact->body == body);
  CHECK(intact->verify(0, 10).ok());
  CHECK(intact->verify(19990, 20000).ok());

  bytes[kHeaderSize + 15000] = static_cast<char>(bytes[kHeaderSize + 15000] ^ 0x01);
  replace_file(*directory, "w.dat", bytes);
  auto damaged = open_framed(*directory, "w.dat", "TEST", 1, false);
  REQUIRE(damaged.has_value());
  const trawl::Status status = damaged->verify(0, 10);  // far from the damage: still found
  CHECK(status.is_corruption());
  CHECK(std::string(status.message()) == "w.dat: checksum mismatch (the file is damaged)");
}
