// Schema: the named fields of an index's documents and how each is indexed.
//
//   text     analysed (its own Analyzer options, e.g. language), positions indexed for phrase
//            queries; stored (retrievable, usable for snippets) unless told otherwise
//   keyword  exact terms, not analysed (an id, a section, tags); each value is a term and a
//            per-document value for facets and sorting; stored unless told otherwise; the unique
//            key must be a keyword field
//   stored   kept and returned with hits, not searchable
//   numeric  signed 64-bit integers, for range queries, sorting and facets; stored unless told
//            otherwise
//   date     a point in time (trawl/index/date.h: ISO-8601 text or milliseconds since the
//            epoch), held as UTC milliseconds; queried, sorted and faceted as numeric
// Any field may have several values in a document (several add() calls): a text field's values
// are one text, a keyword's several terms, a numeric or date field's several numbers (a range
// matches a document if any value is in it; sorting uses the smallest value ascending, the
// largest descending).
//
// The schema is saved with the index; opening an index with a different schema is an error.
//
// Example:
//   trawl::Schema schema;
//   schema.add_keyword("id").add_text("title").add_text("body").add_keyword("section")
//       .add_numeric("year").add_date("published");
//   schema.set_unique_key("id");
//
// Thread-safety: a value type; const methods may be called from any number of threads.
#ifndef TRAWL_INDEX_SCHEMA_H_
#define TRAWL_INDEX_SCHEMA_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/export.h"
#include "trawl/status.h"

namespace trawl {

enum class FieldType : std::uint8_t { kText = 0, kKeyword = 1, kStored = 2, kNumeric = 3, kDate = 4 };

/// The name of a field type: "text", "keyword", "stored", "numeric", "date".
TRAWL_EXPORT std::string_view field_type_name(FieldType type) noexcept;

/// Whether fields of `type` hold per-document numbers (numeric, date).
inline bool is_numeric_type(FieldType type) noexcept {
  return type == FieldType::kNumeric || type == FieldType::kDate;
}

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kText;
  /// Whether the original value is kept and returned with hits (always for stored fields).
  bool stored = true;
  /// How a text field is analysed (ignored for other types).
  AnalyzerOptions analyzer;

  friend bool operator==(const FieldSpec& a, const FieldSpec& b) {
    return a.name == b.name && a.type == b.type && a.stored == b.stored &&
           a.analyzer == b.analyzer;
  }
  friend bool operator!=(const FieldSpec& a, const FieldSpec& b) { return !(a == b); }
};

class TRAWL_EXPORT Schema {
 public:
  /// The most fields a schema may have.
  static constexpr std::size_t kMaxFields = 65535;

  Schema& add_text(std::string name, AnalyzerOptions analyzer = {}, bool stored = true);
  Schema& add_keyword(std::string name, bool stored = true);
  Schema& add_stored(std::string name);
  Schema& add_numeric(std::string name, bool stored = true);
  Schema& add_date(std::string name, bool stored = true);
  /// Declares the field whose value identifies a document: IndexWriter::update() and remove()
  /// find documents by it. It must be a keyword field (checked by validate()).
  Schema& set_unique_key(std::string name);

  /// OK, or InvalidArgument naming the first problem: an empty or duplicate field name, more
  /// than kMaxFields fields, a unique key that is not a keyword field, an unusable analyzer.
  Status validate() const;

  const std::vector<FieldSpec>& fields() const noexcept { return fields_; }
  /// The position of field `name` (its first, if declared twice), in O(log fields).
  std::optional<std::size_t> find(std::string_view name) const;
  /// The unique key's field name; empty if none.
  const std::string& unique_key() const noexcept { return unique_key_; }

  /// A one-line description ("id:keyword* title:text(english) year:numeric"), for messages.
  /// Fields not stored are marked "-" ("tags:keyword-").
  std::string describe() const;

  friend bool operator==(const Schema& a, const Schema& b) {
    return a.fields_ == b.fields_ && a.unique_key_ == b.unique_key_;
  }
  friend bool operator!=(const Schema& a, const Schema& b) { return !(a == b); }

 private:
  Schema& add(FieldSpec field);

  std::vector<FieldSpec> fields_;
  std::map<std::string, std::size_t, std::less<>> index_;  // name -> first position
  std::string unique_key_;
};

}  // namespace trawl

#endif  // TRAWL_INDEX_SCHEMA_H_
