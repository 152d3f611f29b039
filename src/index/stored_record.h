// The stored record of one document: for each stored value, varint(field), then the value: a
// type byte (0 = string, 1 = integer), then varint(length) + bytes, or a zigzag varint. The
// write-ahead log writes values the same way.
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

/// Appends one value: its type byte, then its length and bytes or its zigzag varint.
inline void append_value(std::string& out, const Document::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    out.push_back('\0');
    util::put_varint(out, text->size());
    out += *text;
  } else {
    const auto number = std::get<std::int64_t>(value);
    out.push_back('\1');
    util::put_varint(
        out, (static_cast<std::uint64_t>(number) << 1) ^ static_cast<std::uint64_t>(number >> 63));
  }
}

/// Reads a value append_value wrote, advancing `p`; null, or what is wrong with the bytes.
inline const char* read_value(const std::uint8_t*& p, const std::uint8_t* end,
                              Document::Value& value) {
  if (p >= end) return "truncated";
  const std::uint8_t type = *p++;
  std::uint64_t n = 0;
  if (!util::get_varint(p, end, n)) return "truncated";
  if (type == 0) {
    if (n > static_cast<std::uint64_t>(end - p)) return "value overruns the record";
    value = std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
  } else if (type == 1) {
    value = static_cast<std::int64_t>((n >> 1) ^ (~(n & 1) + 1));
  } else {
    return "unknown value type";
  }
  return nullptr;
}

inline void append_stored(std::string& record, std::uint32_t field, const Document::Value& value) {
  util::put_varint(record, field);
  append_value(record, value);
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
    if (!util::get_varint32(p, end, value.field) || value.field >= field_count || p >= end) {
      return Status::corruption("stored record: bad field number");
    }
    if (const char* wrong = read_value(p, end, value.value)) {
      return Status::corruption(std::string("stored record: ") + wrong);
    }
    values.push_back(std::move(value));
  }
  return values;
}

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_STORED_RECORD_H_
