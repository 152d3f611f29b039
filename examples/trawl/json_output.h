// JSON output of the trawl command: strings and numbers written so that any input stays valid
// JSON and numbers read back exactly.
#ifndef TRAWL_EXAMPLES_TRAWL_JSON_OUTPUT_H_
#define TRAWL_EXAMPLES_TRAWL_JSON_OUTPUT_H_

#include <string>
#include <string_view>

namespace trawl::cli {

/// `text` as a JSON string literal: escaped, and valid UTF-8 whatever the input (ill-formed
/// bytes become U+FFFD).
std::string json_string(std::string_view text);
/// The shortest of %.15g, %.16g, %.17g that reads back as `value`.
std::string json_number(double value);

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_JSON_OUTPUT_H_
