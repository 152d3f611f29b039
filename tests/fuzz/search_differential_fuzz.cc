// libFuzzer target: the differential search fuzzer (tests/support/differential.h) with every
// random choice (the schema, the documents, the layout, the queries) taken from the input's
// bytes, so coverage guides the search for disagreements between trawl and the reference
// searcher. A disagreement prints the query, the layout and both answers, then aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "support/differential.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trawl::test::differential::BytesDraw draw(data, size);
  trawl::test::differential::Case test_case(draw);
  trawl::test::differential::Statistics stats;
  const std::string failure = test_case.run(8, stats);
  if (!failure.empty()) {
    std::fprintf(stderr, "differential search mismatch:\n%s\n", failure.c_str());
    __builtin_trap();
  }
  return 0;
}
