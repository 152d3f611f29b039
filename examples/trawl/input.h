// Reading documents for `trawl index`: JSON Lines files (or standard input) and folders of
// .txt/.md files.
#ifndef TRAWL_EXAMPLES_TRAWL_INPUT_H_
#define TRAWL_EXAMPLES_TRAWL_INPUT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "trawl/index/document.h"
#include "trawl/result.h"

namespace trawl::cli {

/// One JSON object of a JSON Lines input, flattened to its top-level string and integer fields
/// and its arrays of strings and integers (each in order). Other values (other numbers, objects,
/// booleans, null, arrays of anything else) are listed in `others` with what they are ("a
/// number", "an array holding an object", ...), so the caller can say what it cannot use.
struct JsonRecord {
  using Scalar = std::variant<std::string, std::int64_t>;
  std::vector<std::pair<std::string, std::string>> strings;
  std::vector<std::pair<std::string, std::int64_t>> integers;
  std::vector<std::pair<std::string, std::vector<Scalar>>> arrays;
  std::vector<std::pair<std::string, std::string>> others;
};

/// Parses one line. InvalidArgument describing the defect for anything but a JSON object. A
/// UTF-8 byte-order mark before the object is skipped. Throws std::bad_alloc if memory runs
/// out (the line is then not malformed, just too large for this machine).
Result<JsonRecord> parse_json_line(std::string_view line);

/// The id of a record: the value of `id_field` if given, else of "id", else of "_id" (a string
/// or an integer), with the field it came from. nullopt if there is none.
struct RecordId {
  std::string field;
  std::string value;
};
std::optional<RecordId> record_id(const JsonRecord& record, const std::string& id_field);

/// A document of a folder: id = path relative to the folder, title = first line, body = text.
struct TextFile {
  std::string id;
  std::string title;
  std::string body;
};

/// Every .txt and .md file under `folder`, sorted by path; `visit` is called for each. Stops at
/// the first error (an unreadable file), returned as IOError naming the file.
Status read_text_folder(const std::string& folder,
                        const std::function<Status(const TextFile&)>& visit);

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_INPUT_H_
