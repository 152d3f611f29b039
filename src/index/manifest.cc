#include "index/manifest.h"

#include "store/file_format.h"

namespace trawl::index_internal {

std::vector<FieldRecord> to_records(const Schema& schema) {
  std::vector<FieldRecord> records;
  for (const FieldSpec& field : schema.fields()) {
    FieldRecord record;
    record.name = field.name;
    record.type = static_cast<std::uint8_t>(field.type);
    record.stored = field.stored;
    record.language = field.analyzer.language;
    record.stem = field.analyzer.stem;
    record.stop_words = field.analyzer.stop_words;
    record.fold_diacritics = field.analyzer.fold_diacritics;
    record.max_token_bytes = field.analyzer.max_token_bytes;
    record.transliterate = field.analyzer.transliterate;
    const auto& bigrams = field.analyzer.cjk_bigrams;
    record.cjk_bigrams = !bigrams ? 0 : *bigrams ? 1 : 2;
    record.fold_kana = field.analyzer.fold_kana;
    record.synonyms = field.analyzer.synonyms;
    records.push_back(std::move(record));
  }
  return records;
}

Result<Schema> to_schema(const std::vector<FieldRecord>& fields, const std::string& unique_key) {
  Schema schema;
  for (const FieldRecord& record : fields) {
    AnalyzerOptions analyzer;
    analyzer.language = record.language;
    analyzer.stem = record.stem;
    analyzer.stop_words = record.stop_words;
    analyzer.fold_diacritics = record.fold_diacritics;
    analyzer.max_token_bytes = static_cast<std::size_t>(record.max_token_bytes);
    analyzer.transliterate = record.transliterate;
    if (record.cjk_bigrams > 2) {
      return Status::corruption("MANIFEST: field '" + record.name + "' has cjk_bigrams " +
                                std::to_string(record.cjk_bigrams));
    }
    if (record.cjk_bigrams != 0) analyzer.cjk_bigrams = record.cjk_bigrams == 1;
    analyzer.fold_kana = record.fold_kana;
    analyzer.synonyms = record.synonyms;
    switch (record.type) {
      case static_cast<std::uint8_t>(FieldType::kText):
        schema.add_text(record.name, analyzer, record.stored);
        break;
      case static_cast<std::uint8_t>(FieldType::kKeyword):
        schema.add_keyword(record.name, record.stored);
        break;
      case static_cast<std::uint8_t>(FieldType::kStored):
        schema.add_stored(record.name);
        break;
      case static_cast<std::uint8_t>(FieldType::kNumeric):
        schema.add_numeric(record.name, record.stored);
        break;
      case static_cast<std::uint8_t>(FieldType::kDate):
        schema.add_date(record.name, record.stored);
        break;
      default:
        return Status::corruption("MANIFEST: unknown field type " + std::to_string(record.type) +
                                  " for field '" + record.name + "'");
    }
  }
  if (!unique_key.empty()) schema.set_unique_key(unique_key);
  return schema;
}

Result<Manifest> read_manifest(Directory& directory) {
  TRAWL_ASSIGN_OR_RETURN(auto file, store_internal::open_framed(directory, kManifestName,
                                                                kManifestKind,
                                                                kManifestFormatVersion, true));
  Manifest manifest;
  TRAWL_RETURN_IF_ERROR(store_internal::load_archive(file.body, kManifestName, manifest));
  return manifest;
}

Status write_manifest(Directory& directory, const Manifest& manifest) {
  TRAWL_ASSIGN_OR_RETURN(auto file, store_internal::FileWriter::create(
                                        directory, kManifestTempName, kManifestKind,
                                        kManifestFormatVersion));
  TRAWL_RETURN_IF_ERROR(file.append(store_internal::save_archive(manifest)));
  TRAWL_RETURN_IF_ERROR(file.finish());
  // The new files' directory entries must be durable before the manifest that names them.
  TRAWL_RETURN_IF_ERROR(directory.sync());
  TRAWL_RETURN_IF_ERROR(directory.rename(kManifestTempName, kManifestName));
  return directory.sync();
}

std::string segment_name(std::uint64_t n) { return "seg_" + std::to_string(n); }

}  // namespace trawl::index_internal
