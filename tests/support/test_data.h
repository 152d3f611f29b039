// Access to the repository's test data (tests/data, tests/golden) from any test executable.
#ifndef TRAWL_TESTS_SUPPORT_TEST_DATA_H_
#define TRAWL_TESTS_SUPPORT_TEST_DATA_H_

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

namespace trawl::test {

/// The absolute path of `relative` under tests/ in the source tree.
inline std::string source_path(const std::string& relative) {
  return std::string(TRAWL_TESTS_SOURCE_DIR) + "/" + relative;
}

/// The whole file at `path`; throws (failing the test) when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Writes `content` to `path` (used to regenerate golden files).
inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << content;
}

/// True when the developer asked to rewrite golden files: TRAWL_UPDATE_GOLDEN=1.
inline bool update_golden() {
  const char* value = std::getenv("TRAWL_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_TEST_DATA_H_
