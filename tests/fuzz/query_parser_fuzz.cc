// libFuzzer target: the query parser, then search and suggest, on arbitrary bytes. The first byte
// picks the default operator and field, and whether the parser knows the schema; parse errors must
// be InvalidArgument, and whatever parses must search a small index without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_index.h"
#include "trawl/search/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  trawl::QueryParserOptions options;
  options.default_operator = (data[0] & 1) ? trawl::QueryParserOptions::Operator::kAnd
                                           : trawl::QueryParserOptions::Operator::kOr;
  static const char* kFields[] = {"", "title", "body", "id", "nope"};
  options.default_field = kFields[(data[0] >> 1) % 5];
  // Half the inputs parse against the index's schema (ranges checked against their fields).
  if ((data[0] & 0x80) != 0) options.schema = &trawl::fuzz::small_index_searcher().reader().schema();
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& searcher = trawl::fuzz::small_index_searcher();
  auto query = trawl::parse_query(text, options);
  if (!query) {
    if (!query.error().is_invalid_argument()) __builtin_trap();
  } else {
    trawl::SearchOptions search;
    search.k = 5;
    if (auto result = searcher.search(*query, search)) (void)searcher.documents(result->hits);
    // Did you mean: any query, corrected or refused with InvalidArgument.
    auto suggestion = searcher.suggest(*query);
    if (!suggestion && !suggestion.error().is_invalid_argument()) __builtin_trap();
    if (suggestion && *suggestion) (void)searcher.search((*suggestion)->query, search);
  }
  (void)searcher.search(trawl::plain_text_query(text));
  return 0;
}
