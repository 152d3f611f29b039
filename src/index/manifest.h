// The manifest: the list of segments that make up one commit, with the schema. It is the only
// file ever replaced: a commit writes MANIFEST.tmp, syncs it, renames it over MANIFEST and syncs
// the directory, so a reader sees either the previous commit or the new one, never a mix.
#ifndef TRAWL_SRC_INDEX_MANIFEST_H_
#define TRAWL_SRC_INDEX_MANIFEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include <boost/serialization/version.hpp>

#include "store/archive.h"
#include "trawl/index/schema.h"
#include "trawl/store/directory.h"

namespace trawl::index_internal {

inline constexpr std::string_view kManifestName = "MANIFEST";
inline constexpr std::string_view kManifestTempName = "MANIFEST.tmp";
inline constexpr std::string_view kManifestKind = "MANI";
inline constexpr std::uint32_t kManifestFormatVersion = 1;
inline constexpr std::string_view kWriteLockName = "write.lock";

struct SegmentEntry {
  std::string name;
  std::uint32_t doc_count = 0;
  std::uint32_t deleted_count = 0;
  std::uint64_t delete_generation = 0;  // 0: no deletions file
  // Class version 1: the segment's identity (SegmentMeta::identity), so that a whole segment
  // put in from elsewhere is recognised. Empty in older manifests.
  std::string identity;

  template <class Archive>
  void serialize(Archive& archive, unsigned version) {
    store_internal::throw_if_newer(version, 1);
    archive & name & doc_count & deleted_count & delete_generation;
    if (version >= 1) archive & identity;
  }
};

/// The schema in a form Boost can serialise (the public Schema keeps no Boost types).
struct FieldRecord {
  std::string name;
  std::uint8_t type = 0;
  bool stored = true;
  std::string language;
  bool stem = true, stop_words = true, fold_diacritics = false;
  std::uint64_t max_token_bytes = 255;
  bool transliterate = false;
  std::uint8_t cjk_bigrams = 0;  // 0: the language's default, 1: on, 2: off
  bool fold_kana = false;
  std::vector<std::vector<std::string>> synonyms;

  // Class version 1: transliterate; 2: cjk_bigrams and fold_kana; 3: synonyms
  // (AnalyzerOptions).
  template <class Archive>
  void serialize(Archive& archive, unsigned version) {
    store_internal::throw_if_newer(version, 3);
    archive & name & type & stored & language & stem & stop_words & fold_diacritics &
        max_token_bytes;
    if (version >= 1) archive& transliterate;
    if (version >= 2) archive& cjk_bigrams& fold_kana;
    if (version >= 3) archive& synonyms;
  }
};

struct Manifest {
  std::uint64_t generation = 0;
  std::uint64_t next_segment = 1;
  std::vector<FieldRecord> fields;
  std::string unique_key;
  std::vector<SegmentEntry> segments;

  template <class Archive>
  void serialize(Archive& archive, unsigned version) {
    store_internal::throw_if_newer(version, 0);
    archive & generation & next_segment & fields & unique_key & segments;
  }
};

std::vector<FieldRecord> to_records(const Schema& schema);
/// Rebuilds a schema; Corruption if a field type is unknown.
Result<Schema> to_schema(const std::vector<FieldRecord>& fields, const std::string& unique_key);

/// Reads MANIFEST. NotFound if the directory holds no index.
Result<Manifest> read_manifest(Directory& directory);
/// Writes and publishes `manifest` atomically and durably.
Status write_manifest(Directory& directory, const Manifest& manifest);

/// The segment name for number `n`: "seg_<n>".
std::string segment_name(std::uint64_t n);

}  // namespace trawl::index_internal

BOOST_CLASS_VERSION(trawl::index_internal::SegmentEntry, 1)
BOOST_CLASS_VERSION(trawl::index_internal::FieldRecord, 3)
BOOST_CLASS_VERSION(trawl::index_internal::Manifest, 0)

#endif  // TRAWL_SRC_INDEX_MANIFEST_H_
