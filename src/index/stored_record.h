// The stored record of one document: for each stored value, varint(field), a type byte
// (0 = string, 1 = integer), then varint(length) + bytes, or a zigzag varint.
#ifndef TRAWL_SRC_INDEX_STORED_RECORD_H_
#define TRAWL_SRC_INDEX_STORED_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/index/document.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "util/varint.h"

namespace trawl::index_internal {

struct StoredValue {
  std::uint32_t field = 0;
  Document::Value value;
  friend bool operator==(const StoredValue& a, const StoredValue& b) {
    return a.field == b.field && a.value == b.value;
  }
};

inline void append_stored(std::string& record, std::uint32_t field, const Document::Value& value) {
  util::put_varint(record, field);
  if (const auto* text = std::get_if<std::string>(&value)) {
    record.push_back('\0');
    util::put_varint(record, text->size());
    record += *text;
  } else {
    const auto number = std::get<std::int64_t>(value);
    record.push_back('\1');
    util::put_varint(record, (static_cast<std::uint64_t>(number) << 1) ^
                                 static_cast<std::uint64_t>(number >> 63));
  }
}

/// The stored values as a Document, with the schema's field names.
inline Document to_document(std::vector<StoredValue>&& values, const Schema& schema) {
  Document document;
  for (StoredValue& value : values) {
    const std::string& name = schema.fields()[value.field].name;
    std::visit([&](auto& v) { document.add(name, std::move(v)); }, value.value);
  }
  return document;
}

/// Parses a record. Corruption on malformed bytes.
inline Result<std::vector<StoredValue>> parse_stored(std::string_view record,
                                                     std::size_t field_count) {
  std::vector<StoredValue> values;
  const auto* p = reinterpret_cast<const std::uint8_t*>(record.data());
  const auto* end = p + record.size();
  while (p < end) {
    StoredValue value;
    std::uint64_t type = 0;
    if (!util::get_varint32(p, end, value.field) || value.field >= field_count || p >= end) {
      return Status::corruption("stored record: bad field number");
    }
    type = *p++;
    std::uint64_t n = 0;
    if (!util::get_varint(p, end, n)) return Status::corruption("stored record: truncated");
    if (type == 0) {
      if (n > static_cast<std::uint64_t>(end - p)) {
        return Status::corruption("stored record: value overruns the record");
      }
      value.value = std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
      p += n;
    } else if (type == 1) {
      value.value = static_cast<std::int64_t>((n >> 1) ^ (~(n & 1) + 1));
    } else {
      return Status::corruption("stored record: unknown value type " + std::to_string(type));
    }
    values.push_back(std::move(value));
  }
  return values;
}

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_STORED_RECORD_H_
