// libFuzzer target: the JSON readers of `trawl index` on arbitrary bytes: a JSON Lines record
// or a clear InvalidArgument, never a crash; the same bytes as a --schema file: a valid schema
// (which prints as JSON that reads back as the same schema) or InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input.h"
#include "schema_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto schema = trawl::cli::parse_schema_json(line, "fuzz.json", "english");
  if (schema) {
    auto again = trawl::cli::parse_schema_json(trawl::cli::schema_json(*schema), "again", "english");
    if (!again || *again != *schema) __builtin_trap();
  } else if (!schema.error().is_invalid_argument()) {
    __builtin_trap();
  }
  auto record = trawl::cli::parse_json_line(line);
  if (!record) {
    if (!record.error().is_invalid_argument()) __builtin_trap();
    return 0;
  }
  (void)trawl::cli::record_id(*record, "");
  (void)trawl::cli::record_id(*record, "title");
  return 0;
}
