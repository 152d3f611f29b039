#include "schema_json.h"

#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "json_output.h"
#include "trawl/analysis/language.h"
#include "trawl/analysis/token_filter.h"

namespace trawl::cli {
namespace {

Status bad(const std::string& source, const std::string& what) {
  return Status::invalid_argument(source + ": " + what);
}

// A text field's "synonyms": a file of groups (parse_synonyms' format; a relative path is
// taken from the schema file's folder), or the groups themselves as arrays of strings.
Result<std::vector<std::vector<std::string>>> synonyms_of(simdjson::dom::element value,
                                                          const std::string& source,
                                                          const std::string& where) {
  std::string_view path;
  if (!value.get_string().get(path)) {
    std::filesystem::path file(path);
    if (file.is_relative()) file = std::filesystem::path(source).parent_path() / file;
    std::ifstream in(file, std::ios::binary);
    if (!in) return bad(source, where + ": cannot read the synonyms file " + file.string());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto groups = parse_synonyms(text);
    if (!groups)
      return bad(source,
                 where + ": " + file.string() + ": " + std::string(groups.error().message()));
    return groups;
  }
  simdjson::dom::array groups;
  if (value.get_array().get(groups)) {
    return bad(source, where + ": \"synonyms\" must be a file name or an array of arrays of words");
  }
  std::vector<std::vector<std::string>> out;
  for (const auto group : groups) {
    simdjson::dom::array words;
    if (group.get_array().get(words))
      return bad(source, where + ": a synonym group must be an array");
    out.emplace_back();
    for (const auto word : words) {
      std::string_view text;
      if (word.get_string().get(text)) return bad(source, where + ": a synonym must be a string");
      out.back().emplace_back(text);
    }
  }
  return out;
}

}  // namespace

Result<Schema> parse_schema_json(std::string_view text, const std::string& source,
                                 const std::string& default_language) {
  const simdjson::padded_string padded(text);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root)) {
    return bad(source, std::string("malformed JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object top;
  if (root.get_object().get(top)) return bad(source, "the schema must be a JSON object");
  std::string unique_key;
  simdjson::dom::object fields;
  bool has_fields = false;
  for (const auto entry : top) {
    const std::string key(entry.key);
    if (key == "unique_key") {
      std::string_view value;
      if (entry.value.get_string().get(value))
        return bad(source, "\"unique_key\" must be a string");
      unique_key = std::string(value);
    } else if (key == "fields") {
      if (entry.value.get_object().get(fields)) return bad(source, "\"fields\" must be an object");
      has_fields = true;
    } else {
      return bad(source, "unknown key \"" + key + "\" (expected \"unique_key\" and \"fields\")");
    }
  }
  if (!has_fields || fields.size() == 0) return bad(source, "no \"fields\"");
  Schema schema;
  for (const auto field : fields) {
    const std::string name(field.key);
    const std::string where = "field '" + name + "'";
    simdjson::dom::object spec;
    if (field.value.get_object().get(spec)) return bad(source, where + " must be an object");
    std::string type;
    bool stored = true;
    AnalyzerOptions analyzer;
    analyzer.language = default_language;
    bool text_options = false;
    for (const auto option : spec) {
      const std::string key(option.key);
      std::string_view string;
      bool flag = false;
      if (key == "type" || key == "language") {
        if (option.value.get_string().get(string))
          return bad(source, where + ": \"" + key + "\" must be a string");
        if (key == "type") {
          type = std::string(string);
        } else {
          analyzer.language = string == "none" ? "" : std::string(string);
          text_options = true;
          if (!analyzer.language.empty()) {
            auto language = find_language(analyzer.language);
            if (!language)
              return bad(source, where + ": " + std::string(language.error().message()));
          }
        }
      } else if (key == "stored" || key == "stem" || key == "stop_words" ||
                 key == "fold_diacritics" || key == "transliterate" || key == "cjk_bigrams" ||
                 key == "fold_kana") {
        if (option.value.get_bool().get(flag))
          return bad(source, where + ": \"" + key + "\" must be true or false");
        if (key == "stored") stored = flag;
        if (key == "stem") analyzer.stem = flag;
        if (key == "stop_words") analyzer.stop_words = flag;
        if (key == "fold_diacritics") analyzer.fold_diacritics = flag;
        if (key == "transliterate") analyzer.transliterate = flag;
        if (key == "cjk_bigrams") analyzer.cjk_bigrams = flag;
        if (key == "fold_kana") analyzer.fold_kana = flag;
        text_options = text_options || key != "stored";
      } else if (key == "synonyms") {
        TRAWL_ASSIGN_OR_RETURN(analyzer.synonyms, synonyms_of(option.value, source, where));
        text_options = true;
      } else {
        return bad(source,
                   where + ": unknown key \"" + key +
                       "\" (expected type, stored, language, stem, stop_words, fold_diacritics, "
                       "transliterate, cjk_bigrams, fold_kana, synonyms)");
      }
    }
    if (type.empty()) return bad(source, where + " has no \"type\"");
    if (text_options && type != "text") {
      return bad(source, where + ": language and analysis options apply to text fields only");
    }
    if (type == "text") {
      schema.add_text(name, analyzer, stored);
    } else if (type == "keyword") {
      schema.add_keyword(name, stored);
    } else if (type == "numeric") {
      schema.add_numeric(name, stored);
    } else if (type == "date") {
      schema.add_date(name, stored);
    } else if (type == "stored") {
      if (!stored)
        return bad(source, where + " is of type stored, so it cannot be \"stored\": false");
      schema.add_stored(name);
    } else {
      return bad(source, where + ": unknown type \"" + type +
                             "\" (expected text, keyword, numeric, date or stored)");
    }
  }
  if (!unique_key.empty()) schema.set_unique_key(unique_key);
  if (Status status = schema.validate(); !status.ok())
    return bad(source, std::string(status.message()));
  return schema;
}

std::string schema_json(const Schema& schema) {
  std::string out = "{";
  if (!schema.unique_key().empty())
    out += "\"unique_key\":" + json_string(schema.unique_key()) + ",";
  out += "\"fields\":{";
  const AnalyzerOptions defaults;
  for (std::size_t i = 0; i < schema.fields().size(); ++i) {
    const FieldSpec& field = schema.fields()[i];
    out += (i ? "," : "") + json_string(field.name) +
           ":{\"type\":" + json_string(field_type_name(field.type));
    if (field.type == FieldType::kText) {
      out += ",\"language\":" +
             json_string(field.analyzer.language.empty() ? "none" : field.analyzer.language);
      if (field.analyzer.stem != defaults.stem) out += ",\"stem\":false";
      if (field.analyzer.stop_words != defaults.stop_words) out += ",\"stop_words\":false";
      if (field.analyzer.fold_diacritics != defaults.fold_diacritics)
        out += ",\"fold_diacritics\":true";
      if (field.analyzer.transliterate) out += ",\"transliterate\":true";
      if (field.analyzer.cjk_bigrams) {
        out += std::string(",\"cjk_bigrams\":") + (*field.analyzer.cjk_bigrams ? "true" : "false");
      }
      if (field.analyzer.fold_kana) out += ",\"fold_kana\":true";
      if (!field.analyzer.synonyms.empty()) {
        out += ",\"synonyms\":[";
        for (std::size_t g = 0; g < field.analyzer.synonyms.size(); ++g) {
          out += g ? ",[" : "[";
          const auto& group = field.analyzer.synonyms[g];
          for (std::size_t w = 0; w < group.size(); ++w)
            out += (w ? "," : "") + json_string(group[w]);
          out += "]";
        }
        out += "]";
      }
    }
    if (!field.stored && field.type != FieldType::kStored) out += ",\"stored\":false";
    out += "}";
  }
  return out + "}}";
}

}  // namespace trawl::cli
