#include "search/collectors/sort_order.h"

#include <charconv>
#include <cstring>

#include "util/parse_number.h"

namespace trawl::search_internal {

Result<SortOrder> SortOrder::resolve(const std::vector<SortKey>& keys, const Schema& schema) {
  SortOrder order;
  for (const SortKey& key : keys) {
    ResolvedKey resolved;
    resolved.descending = key.descending;
    if (!key.field.empty()) {
      const auto index = schema.find(key.field);
      if (!index) {
        return Status::invalid_argument("sort: unknown field '" + key.field +
                                        "' (schema: " + schema.describe() + ")");
      }
      const FieldType type = schema.fields()[*index].type;
      if (!is_numeric_type(type) && type != FieldType::kKeyword) {
        return Status::invalid_argument("sort: field '" + key.field + "' is " +
                                        std::string(field_type_name(type)) +
                                        "; sort by a numeric, date or keyword field");
      }
      resolved.field = static_cast<std::uint32_t>(*index);
      resolved.kind =
          type == FieldType::kKeyword ? ResolvedKey::Kind::kText : ResolvedKey::Kind::kNumber;
    }
    order.signature_ += (key.field.empty() ? std::string("_score") : key.field) +
                        (key.descending ? "-" : "+") + ",";
    order.keys_.push_back(resolved);
  }
  return order;
}

SortOrder::Columns SortOrder::columns(const index_internal::SegmentReader& segment) const {
  Columns columns;
  for (const ResolvedKey& key : keys_) {
    columns.numbers.push_back(key.kind == ResolvedKey::Kind::kNumber
                                  ? segment.field_values().numeric(key.field)
                                  : nullptr);
    columns.keywords.push_back(key.kind == ResolvedKey::Kind::kText
                                   ? segment.field_values().keyword(key.field)
                                   : nullptr);
  }
  return columns;
}

Status SortOrder::values(const Columns& columns, DocId doc, std::vector<SortValue>& out) const {
  out.resize(keys_.size());
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    SortValue& value = out[i];
    value.missing = true;
    if (const auto* numbers = columns.numbers[i]) {
      TRAWL_ASSIGN_OR_RETURN(auto min_max, numbers->min_max(doc));
      if (min_max) {
        value.missing = false;
        value.number = keys_[i].descending ? min_max->second : min_max->first;
      }
    } else if (const auto* keywords = columns.keywords[i]) {
      thread_local std::vector<std::uint32_t> ordinals;
      TRAWL_RETURN_IF_ERROR(keywords->ordinals(doc, ordinals));
      if (!ordinals.empty()) {
        TRAWL_ASSIGN_OR_RETURN(value.text, keywords->value(keys_[i].descending ? ordinals.back()
                                                                               : ordinals.front()));
        value.missing = false;
      }
    }
  }
  return {};
}

namespace {

// Two documents' values for one field key, in the key's direction; missing values last either
// way.
int compare_values(const ResolvedKey& key, const SortValue& a, const SortValue& b) {
  if (a.missing || b.missing) return a.missing == b.missing ? 0 : (a.missing ? 1 : -1);
  int c = 0;
  if (key.kind == ResolvedKey::Kind::kNumber) {
    c = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  } else {
    const int t = a.text.compare(b.text);
    c = t < 0 ? -1 : t > 0 ? 1 : 0;
  }
  return key.descending ? -c : c;
}

}  // namespace

int SortOrder::compare_fields(const std::vector<SortValue>& a,
                              const std::vector<SortValue>& b) const {
  for (std::size_t i = 0; i < keys_.size() && keys_[i].kind != ResolvedKey::Kind::kScore; ++i) {
    if (const int c = compare_values(keys_[i], a[i], b[i]); c != 0) return c;
  }
  return 0;
}

int SortOrder::compare(const std::vector<SortValue>& a_values, double a_score,
                       std::uint64_t a_global, const std::vector<SortValue>& b_values,
                       double b_score, std::uint64_t b_global) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const ResolvedKey& key = keys_[i];
    int c = 0;
    if (key.kind == ResolvedKey::Kind::kScore) {
      c = a_score < b_score ? -1 : a_score > b_score ? 1 : 0;
      if (key.descending) c = -c;
    } else {
      c = compare_values(key, a_values[i], b_values[i]);
    }
    if (c != 0) return c;
  }
  if (a_score != b_score) return a_score > b_score ? -1 : 1;
  return a_global < b_global ? -1 : a_global > b_global ? 1 : 0;
}

namespace {

void append_hex(std::string& out, std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
}

template <class T>
void append_number(std::string& out, T value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
    if (error != std::errc() || end != text.data() + i + 2) return std::nullopt;
    out += static_cast<char>(value);
  }
  return out;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  const auto number = util::parse_number<T>(text);
  if (number) out = *number;
  return number.has_value();
}

}  // namespace

// "c1." generation "." global "." score bits "." hex(signature) then one part per key:
// "n" number, "s" hex(text), or "m" (missing). Hex keeps it to URL-safe characters.
std::string SortOrder::cursor(const SortPosition& position, std::uint64_t generation) const {
  // Built in place: every search makes one, so it should cost little next to the search.
  std::uint64_t bits = 0;
  std::memcpy(&bits, &position.score, sizeof bits);
  std::string out;
  out.reserve(64);
  out += "c1.";
  append_number(out, generation);
  out += '.';
  append_number(out, position.global);
  out += '.';
  append_number(out, bits);
  out += '.';
  append_hex(out, signature_);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const SortValue& value = position.values[i];
    if (keys_[i].kind == ResolvedKey::Kind::kScore || value.missing) {
      out += ".m";
    } else if (keys_[i].kind == ResolvedKey::Kind::kNumber) {
      out += ".n";
      append_number(out, value.number);
    } else {
      out += ".s";
      append_hex(out, value.text);
    }
  }
  return out;
}

Result<SortPosition> SortOrder::parse_cursor(std::string_view cursor,
                                             std::uint64_t generation) const {
  const Status bad = Status::invalid_argument(
      "search: '" + std::string(cursor.substr(0, 80)) +
      "' is not a cursor of this search (SearchResult::next of the same sort and snapshot)");
  std::vector<std::string_view> parts;
  for (std::size_t at = 0; at <= cursor.size();) {
    const std::size_t dot = std::min(cursor.find('.', at), cursor.size());
    parts.push_back(cursor.substr(at, dot - at));
    at = dot + 1;
  }
  if (parts.size() != 5 + keys_.size() || parts[0] != "c1") return bad;
  std::uint64_t cursor_generation = 0, bits = 0;
  SortPosition position;
  if (!parse_number(parts[1], cursor_generation) || !parse_number(parts[2], position.global) ||
      !parse_number(parts[3], bits) || unhex(parts[4]) != signature_) {
    return bad;
  }
  if (cursor_generation != generation) {
    return Status::invalid_argument("search: the cursor is of another snapshot (generation " +
                                    std::to_string(cursor_generation) + ", this one " +
                                    std::to_string(generation) + ")");
  }
  std::memcpy(&position.score, &bits, sizeof bits);
  position.values.resize(keys_.size());
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const std::string_view part = parts[5 + i];
    SortValue& value = position.values[i];
    if (part == "m") continue;
    if (keys_[i].kind == ResolvedKey::Kind::kNumber && part.size() > 1 && part[0] == 'n' &&
        parse_number(part.substr(1), value.number)) {
      value.missing = false;
    } else if (keys_[i].kind == ResolvedKey::Kind::kText && !part.empty() && part[0] == 's') {
      auto text = unhex(part.substr(1));
      if (!text) return bad;
      position.storage.push_back(std::make_unique<std::string>(std::move(*text)));
      value.text = *position.storage.back();
      value.missing = false;
    } else {
      return bad;
    }
  }
  return position;
}

}  // namespace trawl::search_internal
