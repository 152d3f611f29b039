// One conformance suite that every Directory implementation must pass.
#include "trawl/store/directory.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace {

struct Fixture {
  trawl::test::TempDir temp;
  std::unique_ptr<trawl::Directory> directory;
};

std::unique_ptr<Fixture> make(const std::string& kind) {
  auto fixture = std::make_unique<Fixture>();
  if (kind == "fs") {
    auto directory = trawl::open_fs_directory(fixture->temp.path() + "/index", true);
    REQUIRE(directory.has_value());
    fixture->directory = std::move(directory).value();
  } else {
    fixture->directory = trawl::make_mem_directory();
  }
  return fixture;
}

std::string read(trawl::Directory& directory, const std::string& name) {
  auto file = directory.open(name);
  REQUIRE(file.has_value());
  return std::string((*file)->bytes());
}

}  // namespace

TEST_CASE("Directory: conformance", "[store]") {
  const std::string kind = GENERATE("fs", "mem");
  CAPTURE(kind);
  auto fixture = make(kind);
  trawl::Directory& directory = *fixture->directory;

  SECTION("write, read, list") {
    auto file = directory.create("a.bin");
    REQUIRE(file.has_value());
    REQUIRE((*file)->append("hello ").ok());
    REQUIRE((*file)->append("world").ok());
    CHECK((*file)->size() == 11);
    REQUIRE((*file)->sync().ok());
    REQUIRE((*file)->close().ok());
    CHECK((*file)->append("x").is_io_error());
    CHECK(read(directory, "a.bin") == "hello world");
    REQUIRE(directory.create("empty").has_value());
    CHECK(read(directory, "empty").empty());
    CHECK(*directory.list() == std::vector<std::string>{"a.bin", "empty"});
  }
  SECTION("missing files are NotFound") {
    CHECK(directory.open("nope").error().is_not_found());
    CHECK(directory.remove("nope").is_not_found());
    CHECK(directory.rename("nope", "x").is_not_found());
  }
  SECTION("rename replaces atomically; readers keep removed files") {
    for (const char* name : {"old", "new"}) {
      auto file = directory.create(name);
      REQUIRE(file.has_value());
      REQUIRE((*file)->append(name).ok());
      REQUIRE((*file)->close().ok());
    }
    auto held = directory.open("old");
    REQUIRE(held.has_value());
    REQUIRE(directory.rename("new", "old").ok());
    CHECK(read(directory, "old") == "new");
    CHECK((*held)->bytes() == "old");
    REQUIRE(directory.remove("old").ok());
    CHECK((*held)->bytes() == "old");
    CHECK(directory.list()->empty());
    CHECK(directory.sync().ok());
  }
  SECTION("the lock is exclusive until released") {
    auto first = directory.lock("write.lock");
    REQUIRE(first.has_value());
    auto second = directory.lock("write.lock");
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().is_busy());
    CHECK(second.error().to_string().rfind("Busy: ", 0) == 0);
    CHECK(std::string(second.error().message()).find("locked") != std::string::npos);
    first->reset();
    CHECK(directory.lock("write.lock").has_value());
  }
  SECTION("file names cannot escape the directory") {
    for (const char* bad : {"", ".", "..", "a/b", "../x"}) {
      CAPTURE(bad);
      CHECK(directory.create(bad).error().is_invalid_argument());
      CHECK(directory.open(bad).error().is_invalid_argument());
    }
  }
}

TEST_CASE("Directory: a filesystem path that does not exist", "[store]") {
  trawl::test::TempDir temp;
  CHECK(trawl::open_fs_directory(temp.path() + "/missing", false).error().is_not_found());
  REQUIRE(trawl::open_fs_directory(temp.path() + "/made/deep", true).has_value());
  auto file = trawl::open_fs_directory(temp.path() + "/made/deep", false);
  CHECK(file.has_value());
}
