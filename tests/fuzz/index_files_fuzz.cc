// libFuzzer target: an index whose files are damaged. A small committed index is built once;
// each input replaces one of its files (first byte: which, modulo 64 and their number; the rest:
// the new contents). With bit 7 of the first byte set the rest is the whole file; otherwise it is
// the new body, framed as the original with valid checksums (support/reframe.h), so that the
// decoders behind the checksums are fuzzed too. Opening, checking, searching and fetching
// documents must then succeed or fail with a Status (Corruption, NotSupported...), never crash or
// read out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_index.h"
#include "support/reframe.h"
#include "trawl/search/query_parser.h"

// The seeds are the intact files and bodies, two per file, built at start-up rather than kept in
// the repository: with TRAWL_FUZZ_SEED_DIR set, they are written there first (scripts/fuzz does
// it).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* dir = std::getenv("TRAWL_FUZZ_SEED_DIR");
  if (dir == nullptr) return 0;
  const auto& files = trawl::fuzz::small_index_files();
  auto directory = trawl::fuzz::copy_of_small_index();
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::ofstream raw(std::string(dir) + "/" + files[i].first, std::ios::binary);
    raw.put(static_cast<char>(i | 0x80));
    raw << files[i].second;
    std::ofstream body(std::string(dir) + "/" + files[i].first + ".body", std::ios::binary);
    body.put(static_cast<char>(i));
    body << trawl::test::framed_body(*directory, files[i].first).value();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& files = trawl::fuzz::small_index_files();
  const auto& [name, original] = files[(data[0] & 0x3F) % files.size()];
  auto directory = trawl::fuzz::copy_of_small_index();
  const std::string_view contents(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 0x80) != 0) {
    auto file = directory->create(name);
    if (!file) __builtin_trap();
    (void)(*file)->append(contents);
    (void)(*file)->close();
  } else if (!trawl::test::reframe(*directory, name, contents).ok()) {
    __builtin_trap();  // the intact index's files are framed
  }
  auto reader = trawl::IndexReader::open(directory);
  if (!reader) return 0;
  (void)reader->check();
  const trawl::Searcher searcher(std::move(reader).value());
  for (const char* text : {"boundary layer", "\"heat transfer\"", "flow AND wing", "sho*", "*:*",
                           "n:[10 TO 40] flow", "+d:>=1958 +body:wing"}) {
    auto query = trawl::parse_query(text);
    if (!query) continue;
    trawl::SearchOptions options;
    options.k = 10;
    // Field values are read by sorting and facets too.
    if (text[0] == 'n' || text[0] == '*') {
      options.sort = {trawl::SortKey{"d", true}, trawl::SortKey{"id", false}};
      options.facets = {{trawl::FacetRequest::Kind::kValues, "id", 3, {}, {}},
                        {trawl::FacetRequest::Kind::kHistogram, "d", 3, {}, "year"},
                        {trawl::FacetRequest::Kind::kRanges, "n", 3, {"0", "20", "60"}, {}}};
    }
    auto result = searcher.search(*query, options);
    if (!result) continue;
    (void)searcher.documents(result->hits);
    for (const auto& hit : result->hits) (void)searcher.explain(*query, hit);
  }
  return 0;
}
