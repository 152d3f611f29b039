// libFuzzer target: an index whose files are damaged. A small committed index is built once;
// each input replaces one of its files (first byte: which, modulo their number; the rest: the new
// contents). Opening, checking, searching and fetching documents must then succeed or fail with
// a Status (Corruption, NotSupported...), never crash or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_index.h"
#include "trawl/search/query_parser.h"

// The seeds are the intact files, one per file, built at start-up rather than kept in the
// repository: with TRAWL_FUZZ_SEED_DIR set, they are written there first (scripts/fuzz does it).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* dir = std::getenv("TRAWL_FUZZ_SEED_DIR");
  if (dir == nullptr) return 0;
  const auto& files = trawl::fuzz::small_index_files();
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::ofstream out(std::string(dir) + "/" + files[i].first, std::ios::binary);
    out.put(static_cast<char>(i));
    out << files[i].second;
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& files = trawl::fuzz::small_index_files();
  const auto& [name, original] = files[data[0] % files.size()];
  auto directory = trawl::fuzz::copy_of_small_index();
  {
    auto file = directory->create(name);
    if (!file) __builtin_trap();
    (void)(*file)->append(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    (void)(*file)->close();
  }
  auto reader = trawl::IndexReader::open(directory);
  if (!reader) return 0;
  (void)reader->check();
  const trawl::Searcher searcher(std::move(reader).value());
  for (const char* text : {"boundary layer", "\"heat transfer\"", "flow AND wing", "sho*", "*:*"}) {
    auto query = trawl::parse_query(text);
    if (!query) continue;
    trawl::SearchOptions options;
    options.k = 10;
    auto result = searcher.search(*query, options);
    if (!result) continue;
    (void)searcher.documents(result->hits);
    for (const auto& hit : result->hits) (void)searcher.explain(*query, hit);
  }
  return 0;
}
