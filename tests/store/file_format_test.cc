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
  CHECK(writer->position() == trawl::store_internal::kHeaderSize + body.size());
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
