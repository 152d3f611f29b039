// Fixed corpora for the benchmarks, loaded once per process.
#ifndef TRAWL_BENCHMARKS_BENCH_DATA_H_
#define TRAWL_BENCHMARKS_BENCH_DATA_H_

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace trawl::bench {

/// The file at `relative` (from the repository root); exits with a message if it is missing.
inline std::string load_file(const std::string& relative) {
  const std::string path = std::string(TRAWL_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "benchmark data missing: %s\n", path.c_str());
    std::exit(1);
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace trawl::bench

#endif  // TRAWL_BENCHMARKS_BENCH_DATA_H_
