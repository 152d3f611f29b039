// The JSON form of a schema, which `trawl index --schema FILE` reads and `trawl stats` prints:
//
//   {"unique_key": "id",
//    "fields": {"id": {"type": "keyword"},
//               "title": {"type": "text", "language": "en"},
//               "tags": {"type": "keyword", "stored": false},
//               "year": {"type": "numeric"}, "published": {"type": "date"}}}
//
// Field keys: "type" (text, keyword, numeric, date, stored; required), "stored" (default true),
// and for text fields "language" (a Snowball name or ISO 639-1 code, or "none"; default: the
// command's --lang), "stem", "stop_words", "fold_diacritics" (AnalyzerOptions). Fields keep the
// file's order. Anything else is an error naming the key.
#ifndef TRAWL_EXAMPLES_TRAWL_SCHEMA_JSON_H_
#define TRAWL_EXAMPLES_TRAWL_SCHEMA_JSON_H_

#include <string>
#include <string_view>

#include "trawl/index/schema.h"
#include "trawl/result.h"

namespace trawl::cli {

/// The schema `text` describes, validated. InvalidArgument naming `source`, the field and the
/// defect.
Result<Schema> parse_schema_json(std::string_view text, const std::string& source,
                                 const std::string& default_language);

/// `schema` in the form above, on one line.
std::string schema_json(const Schema& schema);

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_SCHEMA_JSON_H_
