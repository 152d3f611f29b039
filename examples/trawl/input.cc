#include "input.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>

namespace trawl::cli {

namespace {

const char* kind_of(simdjson::dom::element value) {
  return value.is_array()    ? "an array"
         : value.is_object() ? "an object"
         : value.is_bool()   ? "a boolean"
         : value.is_null()   ? "null"
         : value.is_string() ? "a string"
         : value.is_int64()  ? "an integer"
                             : "a number";
}

}  // namespace

Result<JsonRecord> parse_json_line(std::string_view line) {
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a byte-order mark
  // The DOM parser validates the whole line (the on-demand one would stop at the object's end and
  // accept trailing garbage). It needs SIMDJSON_PADDING bytes past the end: padded_string copies.
  const simdjson::padded_string padded(line);
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  simdjson::dom::object object;
  auto error = parser.parse(padded).get(element);
  // Memory running out is not the record's fault: the caller must not report it as malformed.
  if (error == simdjson::MEMALLOC) throw std::bad_alloc();
  if (error) {
    return Status::invalid_argument(std::string("malformed JSON: ") +
                                    simdjson::error_message(error));
  }
  if (element.get_object().get(object)) {
    return Status::invalid_argument("not a JSON object");
  }
  JsonRecord record;
  for (const auto field : object) {
    if (field.value.is_string()) {
      record.strings.emplace_back(std::string(field.key),
                                  std::string(std::string_view(field.value.get_string())));
    } else if (field.value.is_int64()) {
      record.integers.emplace_back(std::string(field.key), std::int64_t(field.value.get_int64()));
    } else if (field.value.is_array()) {
      std::vector<JsonRecord::Scalar> items;
      const char* other = nullptr;
      for (const auto item : field.value.get_array()) {
        if (item.is_string()) {
          items.emplace_back(std::string(std::string_view(item.get_string())));
        } else if (item.is_int64()) {
          items.emplace_back(std::int64_t(item.get_int64()));
        } else if (other == nullptr) {
          other = kind_of(item);
        }
      }
      if (other != nullptr) {
        record.others.emplace_back(std::string(field.key), std::string("an array holding ") + other);
      } else {
        record.arrays.emplace_back(std::string(field.key), std::move(items));
      }
    } else {
      record.others.emplace_back(std::string(field.key), kind_of(field.value));
    }
  }
  return record;
}

std::optional<RecordId> record_id(const JsonRecord& record, const std::string& id_field) {
  const std::vector<std::string> candidates =
      id_field.empty() ? std::vector<std::string>{"id", "_id"} : std::vector<std::string>{id_field};
  for (const std::string& name : candidates) {
    for (const auto& [key, value] : record.strings) {
      if (key == name) return RecordId{name, value};
    }
    for (const auto& [key, value] : record.integers) {
      if (key == name) return RecordId{name, std::to_string(value)};
    }
  }
  return std::nullopt;
}

Status read_text_folder(const std::string& folder,
                        const std::function<Status(const TextFile&)>& visit) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string extension = it->path().extension().string();
    if (extension == ".txt" || extension == ".md") files.push_back(it->path());
  }
  if (error) return Status::io_error("reading folder " + folder + ": " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::io_error("cannot read " + path.string());
    TextFile file;
    file.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    file.id = fs::relative(path, folder).generic_string();
    file.title = file.body.substr(0, file.body.find('\n'));
    TRAWL_RETURN_IF_ERROR(visit(file));
  }
  return {};
}

}  // namespace trawl::cli
