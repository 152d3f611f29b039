// SegmentWriter: serialises one immutable segment. Both the in-memory indexer (flush) and the
// merger feed it, so there is one writer of the format.
//
// Legal call order:
//   create -> (start_term -> add_posting+ -> finish_term)* in increasing key order, each term's
//   postings in increasing document order -> add_surface* in increasing key order
//          -> add_document for documents 0, 1, ..., in order (may interleave with terms)
//          -> finish
// Any failure is sticky; finish() reports it. The files of an unfinished segment are garbage
// that the next commit's cleanup removes.
#ifndef TRAWL_SRC_INDEX_SEGMENT_WRITER_H_
#define TRAWL_SRC_INDEX_SEGMENT_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/field_values.h"
#include "index/impacts.h"
#include "index/segment_format.h"
#include "store/file_format.h"
#include "trawl/index/schema.h"
#include "trawl/store/directory.h"
#include "trawl/types.h"

namespace trawl::index_internal {

class SegmentWriter {
 public:
  /// `durable`: finish() syncs every file. Without, the segment is readable at once but its
  /// files must be synced (Directory::sync_file) before a manifest names them.
  static Result<SegmentWriter> create(Directory& directory, std::string name, const Schema& schema,
                                      bool durable = true);

  Status start_term(std::string_view key);
  /// `positions` holds `freq` positions for fields with positions (text), or is null.
  /// `field_length` is the document's length in the term's field (for block-max bounds).
  Status add_posting(DocId doc, std::uint32_t freq, const Position* positions,
                     std::uint32_t field_length);
  Status finish_term();
  /// A surface of a text field (key: surface_key), after every term, in increasing key order:
  /// held by `doc_freq` documents (at most the segment's), `occurrences` times.
  Status add_surface(std::string_view key, std::uint32_t doc_freq, std::uint64_t occurrences);

  /// The next document's per-field data: `lengths` has one entry per schema field (0 where it
  /// does not apply), `numbers` its numeric and date values, `stored` its stored record.
  Status add_document(const std::vector<std::uint32_t>& lengths,
                      const std::vector<FieldNumber>& numbers, std::string_view stored);

  /// Records in the metadata that the documents were renumbered by graph bisection.
  void mark_reordered() { meta_.reordered = true; }

  /// Writes the remaining files and the metadata, and syncs everything if durable. Returns the
  /// metadata.
  Result<SegmentMeta> finish();

 private:
  SegmentWriter(Directory& directory, std::string name, const Schema& schema, bool durable);
  store_internal::FileOptions file_options(bool paged) const {
    store_internal::FileOptions options;
    options.identity = meta_.identity;
    options.paged = paged;
    options.sync = durable_;
    return options;
  }
  template <class T>
  Status write_archive_file(std::string_view extension, std::string_view kind, const T& value);
  Status flush_block();
  Status add_dictionary_entry();  // key_ with term_, into the dictionary's block
  void reset_block();
  Status flush_stored_block();
  Status record(Status status);

  Directory* directory_;  // not owned; outlives the writer
  std::string name_;
  bool durable_;
  std::vector<bool> has_positions_;    // per field
  std::vector<bool> is_text_;          // per field
  std::vector<bool> is_numeric_;       // per field: numeric or date
  std::vector<bool> is_keyword_;       // per field
  std::optional<store_internal::FileWriter> dict_, postings_, positions_, lengths_, values_,
      stored_;
  FieldValuesWriter field_values_;
  std::vector<DocId> counted_in_;  // per numeric field: 1 + the last document counted
  SegmentMeta meta_;
  DictionaryIndex dict_index_;
  Status status_;

  // The term being written.
  std::string key_;
  std::string previous_key_;
  bool in_term_ = false;
  bool term_has_positions_ = false;
  std::uint32_t term_field_ = 0;
  std::uint32_t term_ordinal_ = 0;  // of a keyword term, among its field's values
  TermInfo term_;
  DocId last_doc_ = 0;
  std::vector<SkipEntry> skips_;
  std::vector<Impacts> skip_impacts_;  // aligned with skips_
  std::string impact_bytes_;           // one skip entry's impacts, encoded
  std::string term_docs_;       // the term's encoded blocks for .doc
  std::string term_positions_;  // the term's encoded positions for .pos
  // The block being filled.
  std::vector<std::uint32_t> block_docs_, block_freqs_, block_positions_, block_lengths_;
  std::uint32_t block_max_freq_ = 0, block_min_length_ = 0;

  // The dictionary block being filled.
  std::string dict_block_;
  std::uint32_t dict_block_terms_ = 0;
  std::string dict_previous_key_;
  TermInfo dict_previous_;

  // Stored fields.
  std::string stored_block_;            // uncompressed records of the current block
  std::vector<std::uint32_t> stored_record_sizes_;
  std::vector<std::uint64_t> stored_block_offsets_;
  std::vector<DocId> stored_block_first_docs_;
  DocId docs_added_ = 0;
  std::string scratch_;
};

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_SEGMENT_WRITER_H_
