// libFuzzer target: the JSON Lines reader of `trawl index` on arbitrary lines: a record or a
// clear InvalidArgument, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto record = trawl::cli::parse_json_line(line);
  if (!record) {
    if (!record.error().is_invalid_argument()) __builtin_trap();
    return 0;
  }
  (void)trawl::cli::record_id(*record, "");
  (void)trawl::cli::record_id(*record, "title");
  return 0;
}
