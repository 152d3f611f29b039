// Document: the values of one document's fields, as handed to IndexWriter.
//
// A field may have several values (a text field's values are indexed as one text, with a gap
// of positions between them so phrases do not match across values). Values are interpreted by
// the schema: a string for text, keyword and stored fields, an integer for numeric fields.
//
// Example:
//   trawl::Document doc;
//   doc.add("id", "doc-17").add("title", "Track two talks").add("year", 2025);
//
// Thread-safety: a value type.
#ifndef TRAWL_INDEX_DOCUMENT_H_
#define TRAWL_INDEX_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "trawl/export.h"

namespace trawl {

class TRAWL_EXPORT Document {
 public:
  using Value = std::variant<std::string, std::int64_t>;
  struct Field {
    std::string name;
    Value value;
  };

  Document& add(std::string field, std::string value) {
    fields_.push_back(Field{std::move(field), Value(std::move(value))});
    return *this;
  }
  Document& add(std::string field, const char* value) { return add(std::move(field), std::string(value)); }
  Document& add(std::string field, std::int64_t value) {
    fields_.push_back(Field{std::move(field), Value(value)});
    return *this;
  }
  Document& add(std::string field, int value) { return add(std::move(field), std::int64_t{value}); }

  const std::vector<Field>& fields() const noexcept { return fields_; }

  /// The size IndexWriterOptions::max_document_bytes limits: the bytes of the field names and
  /// text values, 8 per number.
  std::uint64_t byte_size() const noexcept {
    std::uint64_t bytes = 0;
    for (const Field& f : fields_) {
      const auto* text = std::get_if<std::string>(&f.value);
      bytes += f.name.size() + (text != nullptr ? text->size() : sizeof(std::int64_t));
    }
    return bytes;
  }

  /// The first string value of `field`, or nullptr.
  const std::string* get(std::string_view field) const {
    for (const Field& f : fields_) {
      if (f.name == field) {
        if (const auto* s = std::get_if<std::string>(&f.value)) return s;
      }
    }
    return nullptr;
  }

 private:
  std::vector<Field> fields_;
};

}  // namespace trawl

#endif  // TRAWL_INDEX_DOCUMENT_H_
