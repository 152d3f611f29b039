#include "index/document_analyzer.h"

#include "analysis/analyzer_set.h"
#include "index/segment_format.h"
#include "index/stored_record.h"
#include "trawl/index/date.h"

namespace trawl::index_internal {
namespace {

std::string_view value_type_name(const Document::Value& value) {
  return std::holds_alternative<std::string>(value) ? "a string" : "an integer";
}

}  // namespace

Result<DocumentAnalyzer> DocumentAnalyzer::create(const Schema& schema) {
  DocumentAnalyzer analyzer(schema);
  analysis_internal::AnalyzerSet shared;  // fields with equal options share a stream
  for (const FieldSpec& field : schema.fields()) {
    std::size_t stream = 0;
    if (field.type == FieldType::kText) {
      TRAWL_ASSIGN_OR_RETURN(stream, shared.add(field.analyzer));
      if (stream == analyzer.streams_.size()) {
        analyzer.streams_.push_back(shared[stream]->token_stream());
        analyzer.streams_.back().keep_surfaces(true);
      }
    }
    analyzer.stream_of_.push_back(stream);
  }
  return analyzer;
}

Status DocumentAnalyzer::check(const Schema& schema, const Document& document) {
  const auto& fields = schema.fields();
  std::size_t keys = 0;
  for (const Document::Field& value : document.fields()) {
    auto index = schema.find(value.name);
    if (!index) {
      return Status::invalid_argument("document: unknown field '" + value.name +
                                      "' (schema: " + schema.describe() + ")");
    }
    const FieldType type = fields[*index].type;
    const bool integer = std::holds_alternative<std::int64_t>(value.value);
    // A date takes ISO-8601 text or milliseconds since the epoch; a numeric field integers;
    // every other field text.
    if (type != FieldType::kDate && (type == FieldType::kNumeric) != integer) {
      return Status::invalid_argument("document: field '" + value.name + "' is " +
                                      std::string(field_type_name(type)) + " and cannot hold " +
                                      std::string(value_type_name(value.value)));
    }
    if (type == FieldType::kDate && !integer) {
      auto date = parse_date(std::get<std::string>(value.value));
      if (!date) return date.error().with_context("document: field '" + value.name + "'");
    }
    if (value.name == schema.unique_key()) ++keys;
  }
  if (!schema.unique_key().empty() && keys != 1) {
    return Status::invalid_argument("document: needs exactly one value of the unique key '" +
                                    schema.unique_key() + "', has " + std::to_string(keys));
  }
  return {};
}

Status DocumentAnalyzer::analyze(const Document& document, AnalyzedDocument& out) {
  TRAWL_RETURN_IF_ERROR(check(*schema_, document));
  const auto& fields = schema_->fields();
  const std::size_t width = fields.size();
  out.terms.clear();
  out.hits.clear();
  out.surfaces.clear();
  out.lengths.assign(width, 0);
  out.numbers.clear();
  out.stored.clear();
  out.key.reset();
  next_position_.assign(width, 0);

  bool too_large = false;
  // Appends `bytes` to out.terms; false (too_large set) past 4 GiB.
  auto append = [&](std::string_view bytes) {
    if (out.terms.size() > 0xFFFFFFFFu - bytes.size()) {
      too_large = true;
      return false;
    }
    out.terms.append(bytes);
    return true;
  };
  auto add_hit = [&](std::uint32_t field, std::string_view term, Position position) {
    const auto offset = static_cast<std::uint32_t>(out.terms.size());
    if (!append(term)) return false;
    out.hits.push_back(
        AnalyzedDocument::Hit{field, offset, static_cast<std::uint32_t>(term.size()), position});
    return true;
  };
  for (const Document::Field& value : document.fields()) {
    const auto field = static_cast<std::uint32_t>(*schema_->find(value.name));
    const FieldSpec& spec = fields[field];
    if (spec.stored) append_stored(out.stored, field, value.value);
    switch (spec.type) {
      case FieldType::kText: {
        TokenStream& stream = streams_[stream_of_[field]];
        stream.reset(std::get<std::string>(value.value));
        const Position base = next_position_[field];
        Position last = base;
        bool any = false;
        while (stream.advance()) {
          const Token& token = stream.token();
          last = base + token.position;
          // A surface is another string than the term only where a filter rewrote the word.
          const std::string& surface = stream.surface();
          if (add_hit(field, token.term, last) && &surface != &token.term &&
              surface != token.term) {
            const auto offset = static_cast<std::uint32_t>(out.terms.size());
            if (append(surface)) {
              out.surfaces.push_back({static_cast<std::uint32_t>(out.hits.size() - 1), offset,
                                      static_cast<std::uint32_t>(surface.size())});
            }
          }
          // A field's length counts positions: a colocated form is another name of its word.
          if (!stream.colocated()) ++out.lengths[field];
          any = true;
        }
        if (!stream.status().ok()) {
          return stream.status().with_context("document: field '" + value.name + "'");
        }
        // The next value of the field starts past a gap, so phrases never span two values.
        if (any) next_position_[field] = last + 1 + kValuePositionGap;
        break;
      }
      case FieldType::kKeyword: {
        const std::string& text = std::get<std::string>(value.value);
        add_hit(field, text, 0);
        if (value.name == schema_->unique_key()) out.key = text;
        break;
      }
      case FieldType::kNumeric:
        out.numbers.push_back({field, std::get<std::int64_t>(value.value)});
        break;
      case FieldType::kDate: {
        const auto* millis = std::get_if<std::int64_t>(&value.value);
        // check() parsed the text already, so this cannot fail.
        out.numbers.push_back(
            {field, millis != nullptr ? *millis : parse_date(std::get<std::string>(value.value)).value()});
        break;
      }
      case FieldType::kStored:
        break;
    }
  }
  if (too_large) {
    return Status::invalid_argument("document: more than 4 GiB of terms");
  }
  return {};
}

}  // namespace trawl::index_internal
