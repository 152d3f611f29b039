// The layout of a segment's files (docs/format/segment.md has the byte diagrams) and the
// metadata structures (saved with Boost.Serialization by segment_metadata_io.h, so that readers
// of these structures, the search code among them, do not include Boost).
//
// A segment named S consists of:
//   S.meta  SegmentMeta (Boost archive)                      kind "SMET"
//   S.tix   first key and offset per dictionary block       kind "TIDX"  (dictionary_index.h)
//   S.tdx   term dictionary blocks                           kind "TDIC"
//   S.doc   postings: skip entries + bit-packed blocks       kind "POST"
//   S.pos   positions, bit-packed per postings block          kind "POSN"
//   S.len   exact field lengths, u32 per text field and doc  kind "NORM"
//   S.val   field values: numbers, keyword ordinals, sorted  kind "FVAL"  (format 2)
//           (value, document) pairs per field
//   S.col   numeric columns, i64 per numeric field and doc   kind "COLS"  (format 1)
//   S.sto   stored fields, zstd-compressed blocks            kind "STOR"
#ifndef TRAWL_SRC_INDEX_SEGMENT_FORMAT_H_
#define TRAWL_SRC_INDEX_SEGMENT_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/varint.h"

namespace trawl::index_internal {

/// 2: per-field values in .val (field_values.h) replace the numeric columns of .col; version 1
/// segments are read by building their values in memory at open. 3: the dictionary holds the
/// surfaces of text fields (kSurfaceField); older segments have none, and their prefixes and
/// fuzzy words match terms alone.
inline constexpr std::uint32_t kSegmentFormatVersion = 3;

/// Version of the .doc file. 3: each skip entry ends with the block's impacts (impacts.h);
/// version 2 files bound a block by its largest frequency and smallest length alone.
inline constexpr std::uint32_t kPostingsFormatVersion = 3;

inline constexpr std::string_view kMetaKind = "SMET";
inline constexpr std::string_view kDictIndexKind = "TIDX";
inline constexpr std::string_view kDictKind = "TDIC";
inline constexpr std::string_view kPostingsKind = "POST";
inline constexpr std::string_view kPositionsKind = "POSN";
inline constexpr std::string_view kLengthsKind = "NORM";
inline constexpr std::string_view kColumnsKind = "COLS";
inline constexpr std::string_view kStoredKind = "STOR";

/// Terms per front-coded dictionary block.
inline constexpr std::uint32_t kDictBlockTerms = 32;
/// Uncompressed bytes of stored documents per compressed block.
inline constexpr std::size_t kStoredBlockBytes = 16 * 1024;
/// Version of the .sto file. 2: a block whose compressed size equals its raw size is stored
/// uncompressed (version 1 files compress every block).
inline constexpr std::uint32_t kStoredFormatVersion = 2;
/// Stored blocks smaller than this, or that zstd shrinks by less than a quarter, are kept
/// uncompressed: decompressing a frame costs tens of thousands of instructions whatever its
/// size, which is most of fetching a document's id.
inline constexpr std::size_t kStoredCompressMinBytes = 2048;
/// Documents per stored block at most: fetching one document decompresses its whole block, so
/// small records (ids only) must not pack thousands of documents into one.
inline constexpr std::size_t kStoredBlockDocs = 64;
/// A numeric field's value in documents that have none.
inline constexpr std::int64_t kMissingNumeric = INT64_MIN;
/// Positions left between two values of one text field, so phrases do not match across them.
inline constexpr std::uint32_t kValuePositionGap = 100;

/// The file of segment `segment` with extension `extension` ("seg_1" + "doc" -> "seg_1.doc").
inline std::string segment_file(std::string_view segment, std::string_view extension) {
  return std::string(segment) + "." + std::string(extension);
}

/// A dictionary key: the field number (2 bytes, big-endian, so keys sort by field first) and
/// the term's bytes.
inline void append_term_key(std::string& out, std::uint32_t field, std::string_view term) {
  out.push_back(static_cast<char>(field >> 8));
  out.push_back(static_cast<char>(field & 0xFF));
  out.append(term);
}
inline std::string term_key(std::uint32_t field, std::string_view term) {
  std::string key;
  key.reserve(2 + term.size());
  append_term_key(key, field, term);
  return key;
}
inline std::uint32_t key_field(std::string_view key) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(key[0])) << 8 |
         static_cast<unsigned char>(key[1]);
}

/// The surfaces of text fields (TokenStream::surface: a word before stemming, kept where it
/// differs from its term) are dictionary entries without postings under this field number, which
/// no schema field has (Schema::kMaxFields): key 0xFFFF, the text field's number, the surface.
/// They sort after every term. Their doc_freq counts the documents that held the surface when
/// they were indexed (summed by merges: a document deleted since still counts), total_term_freq
/// its occurrences, and their postings offsets repeat the entry's before (format version 3).
inline constexpr std::uint32_t kSurfaceField = 0xFFFF;
inline void append_surface_key(std::string& out, std::uint32_t field, std::string_view surface) {
  append_term_key(out, kSurfaceField, {});
  append_term_key(out, field, surface);
}
inline std::string surface_key(std::uint32_t field, std::string_view surface) {
  std::string key;
  key.reserve(4 + surface.size());
  append_surface_key(key, field, surface);
  return key;
}
/// Whether `key` is a surface's (else a term's).
inline bool is_surface_key(std::string_view key) { return key_field(key) == kSurfaceField; }

struct FieldStats {
  std::uint64_t doc_count = 0;     // documents with at least one term in the field
  std::uint64_t total_length = 0;  // sum of the field's lengths (tokens indexed)
  friend bool operator==(const FieldStats&, const FieldStats&) = default;
};

inline constexpr std::uint64_t kUnknownCount = UINT64_MAX;

struct SegmentMeta {
  std::string name;
  std::uint32_t doc_count = 0;
  std::uint64_t term_count = 0;
  std::vector<FieldStats> fields;  // one per schema field
  // Class version 1: documents with at least one token in any text field (the N of unscoped
  // BM25). Version 0 metadata lacks it (kUnknownCount): the reader counts it from .len.
  std::uint64_t docs_with_text = kUnknownCount;
  // Class version 2: the segment's identity, which the header of each of its files repeats
  // (store_internal::kIdentitySize random bytes). Empty in older metadata, whose files have none.
  std::string identity;
  // Class version 3: whether a merge renumbered the documents by graph bisection (merger.h), so
  // that force_merge need not rewrite a lone segment to reorder it. False in older metadata.
  bool reordered = false;
};

struct DictionaryIndex {
  std::vector<std::string> first_keys;  // first key of each block
  std::vector<std::uint64_t> offsets;   // offset of each block in the .tdx body
};

/// What the dictionary says of one term.
struct TermInfo {
  std::uint32_t doc_freq = 0;
  std::uint64_t total_term_freq = 0;
  std::uint64_t postings_offset = 0;   // in the .doc body
  std::uint64_t positions_offset = 0;  // in the .pos body
};

/// One skip entry per postings block (docs/format/segment.md).
struct SkipEntry {
  std::uint32_t last_doc = 0;
  std::uint32_t doc_bytes = 0;        // bytes of the block in .doc
  std::uint32_t position_bytes = 0;   // bytes of the block's positions in .pos
  std::uint32_t max_freq = 0;         // largest term frequency in the block
  std::uint32_t min_length = 0;       // smallest field length among the block's documents
};

/// Parses the skip entry at `p` (docs/format/segment.md) and moves `p` past it: `delta` is its
/// last document minus the previous block's, `entry` the rest but last_doc, and
/// [impacts_begin, impacts_end) its encoded impacts (empty where the entry has none: before
/// .doc version 3). False if the entry runs past `end`; its numbers are then not consistent.
inline bool parse_skip_entry(const std::uint8_t*& p, const std::uint8_t* end, bool with_impacts,
                             std::uint32_t& delta, SkipEntry& entry,
                             const std::uint8_t*& impacts_begin,
                             const std::uint8_t*& impacts_end) noexcept {
  if (!util::get_varint32(p, end, delta) || !util::get_varint32(p, end, entry.doc_bytes) ||
      !util::get_varint32(p, end, entry.position_bytes) ||
      !util::get_varint32(p, end, entry.max_freq) || !util::get_varint32(p, end, entry.min_length)) {
    return false;
  }
  impacts_begin = impacts_end = p;
  if (!with_impacts) return true;
  std::uint32_t impact_bytes = 0;
  if (!util::get_varint32(p, end, impact_bytes) ||
      impact_bytes > static_cast<std::uint64_t>(end - p)) {
    return false;
  }
  impacts_begin = p;
  impacts_end = p += impact_bytes;
  return true;
}

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_SEGMENT_FORMAT_H_
