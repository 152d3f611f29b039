#include "trawl/version.h"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("Version: the header matches the CMake project version", "[core]") {
  CHECK(std::string(TRAWL_VERSION_STRING) == TRAWL_PROJECT_VERSION);
  CHECK(std::to_string(TRAWL_VERSION_MAJOR) + "." + std::to_string(TRAWL_VERSION_MINOR) + "." +
            std::to_string(TRAWL_VERSION_PATCH) ==
        TRAWL_PROJECT_VERSION);
}
