#include "trawl/index/schema.h"

#include <unordered_set>

#include "analysis/analyzer_set.h"

namespace trawl {

std::string_view field_type_name(FieldType type) noexcept {
  switch (type) {
    case FieldType::kText: return "text";
    case FieldType::kKeyword: return "keyword";
    case FieldType::kStored: return "stored";
    case FieldType::kNumeric: return "numeric";
    case FieldType::kDate: return "date";
  }
  return "unknown";
}

Schema& Schema::add(FieldSpec field) {
  index_.emplace(field.name, fields_.size());  // a repeated name keeps its first position
  fields_.push_back(std::move(field));
  return *this;
}

Schema& Schema::add_text(std::string name, AnalyzerOptions analyzer, bool stored) {
  return add(FieldSpec{std::move(name), FieldType::kText, stored, std::move(analyzer)});
}

Schema& Schema::add_keyword(std::string name, bool stored) {
  return add(FieldSpec{std::move(name), FieldType::kKeyword, stored, {}});
}

Schema& Schema::add_stored(std::string name) {
  return add(FieldSpec{std::move(name), FieldType::kStored, true, {}});
}

Schema& Schema::add_numeric(std::string name, bool stored) {
  return add(FieldSpec{std::move(name), FieldType::kNumeric, stored, {}});
}

Schema& Schema::add_date(std::string name, bool stored) {
  return add(FieldSpec{std::move(name), FieldType::kDate, stored, {}});
}

Schema& Schema::set_unique_key(std::string name) {
  unique_key_ = std::move(name);
  return *this;
}

std::optional<std::size_t> Schema::find(std::string_view name) const {
  const auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Status Schema::validate() const {
  if (fields_.empty()) return Status::invalid_argument("schema: no fields");
  if (fields_.size() > kMaxFields) {
    return Status::invalid_argument("schema: " + std::to_string(fields_.size()) +
                                    " fields, at most " + std::to_string(kMaxFields) + " allowed");
  }
  std::unordered_set<std::string_view> names;
  analysis_internal::AnalyzerSet analyzers;  // each distinct set of options is tried once
  for (const FieldSpec& field : fields_) {
    if (field.name.empty()) return Status::invalid_argument("schema: a field has an empty name");
    if (!names.insert(field.name).second) {
      return Status::invalid_argument("schema: field '" + field.name + "' is declared twice");
    }
    if (field.type == FieldType::kText) {
      auto analyzer = analyzers.add(field.analyzer);
      if (!analyzer) return analyzer.error().with_context("schema: field '" + field.name + "'");
    }
  }
  if (!unique_key_.empty()) {
    auto key = find(unique_key_);
    if (!key) {
      return Status::invalid_argument("schema: unique key '" + unique_key_ + "' is not a field");
    }
    if (fields_[*key].type != FieldType::kKeyword) {
      return Status::invalid_argument("schema: unique key '" + unique_key_ +
                                      "' must be a keyword field, not " +
                                      std::string(field_type_name(fields_[*key].type)));
    }
  }
  return {};
}

std::string Schema::describe() const {
  std::string text;
  for (const FieldSpec& field : fields_) {
    if (!text.empty()) text += ' ';
    text += field.name;
    text += ':';
    text += field_type_name(field.type);
    if (field.type == FieldType::kText) {
      text += '(' + (field.analyzer.language.empty() ? std::string("none") : field.analyzer.language) + ')';
    }
    if (field.name == unique_key_) text += '*';
    if (!field.stored && field.type != FieldType::kStored) text += '-';
  }
  return text;
}

}  // namespace trawl
