// SegmentReader: read access to one immutable segment. Opening reads the metadata
// (checksummed), and maps the dictionary index and the bulk files without reading them.
#ifndef TRAWL_SRC_INDEX_SEGMENT_READER_H_
#define TRAWL_SRC_INDEX_SEGMENT_READER_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/dictionary_index.h"
#include "index/field_values.h"
#include "index/impacts.h"
#include "index/segment_format.h"
#include "index/stored_record.h"
#include "store/file_format.h"
#include "trawl/index/postings.h"
#include "trawl/index/schema.h"
#include "trawl/store/directory.h"
#include "util/bit_packing.h"
#include "util/varint.h"

// zstd's context type, declared as <zstd.h> does so that this header need not include it.
typedef struct ZSTD_DCtx_s ZSTD_DCtx;

namespace trawl::index_internal {

class SegmentReader;

/// The postings cursor over the block format (see PostingsCursor for the contract).
class BlockPostingsCursor final : public PostingsCursor {
 public:
  /// The postings of `term` in field `field` of `segment` (positions if it is a text field).
  BlockPostingsCursor(const SegmentReader& segment, const TermInfo& term, std::uint32_t field);

  DocId docid() const noexcept override { return doc_; }
  // The steps within a decoded block are inline (conjunctions and phrases take most of their
  // steps there); the rest is next_slow() and next_geq_slow().
  void next() noexcept override {
    if (doc_ != kTerminated && index_ + 1 < block_size_) {
      doc_ = docs_[++index_];
      return;
    }
    next_slow();
  }
  void next_geq(DocId target) noexcept override {
    if (target <= doc_) return;  // also once terminated: kTerminated is the largest DocId
    if (decoded_ && target <= skip_.last_doc) {
      // A near target is a few steps on: a short scan beats the binary search.
      const std::uint32_t stop = std::min(index_ + 5, block_size_);
      for (std::uint32_t i = index_ + 1; i < stop; ++i) {
        if (docs_[i] >= target) {
          index_ = i;
          doc_ = docs_[i];
          return;
        }
      }
    }
    next_geq_slow(target);
  }
  // 0 once the cursor failed: positions() of a document whose positions cannot be decoded
  // fails the cursor, and a caller reading freq() after it must not read that many positions.
  std::uint32_t freq() noexcept override {
    if (doc_ == kTerminated) return 0;
    if (!freqs_decoded_) decode_freqs();
    return freqs_[index_] + 1;
  }
  const Position* positions() noexcept override;
  /// For a reader of every document's positions (a merge): each block's are decoded whole when
  /// its first document's are asked for, rather than a document at a time first.
  void read_positions_whole() noexcept { positions_alone_limit_ = 0; }
  std::uint32_t size() const noexcept override { return doc_freq_; }
  DocId block_last_doc() const noexcept override { return skip_.last_doc; }
  std::uint32_t block_max_freq() const noexcept override { return skip_.max_freq; }
  std::uint32_t block_min_length() const noexcept override { return skip_.min_length; }
  Status status() const override { return status_; }

  // Block-at-a-time access, for a lone term's top k (search/pruning/term_blocks.h): the
  // current block's skip entry, a move to the next block that decodes nothing, and the block
  // decoded on demand. After next_block(), docid() keeps the previous block's document until
  // load_block(); next() and next_geq() may be mixed with these calls.
  const SkipEntry& block_entry() const noexcept { return skip_; }
  /// The current block's impacts, read from its skip entry when first asked for. Malformed
  /// ones fail the cursor (and the skip entry's pair, a valid bound, is returned).
  const Impacts& block_impacts() noexcept {
    if (!impacts_read_) read_impacts();
    return impacts_;
  }
  /// Moves to the next block without decoding it; false after the last or on corruption (the
  /// cursor is then terminated).
  bool next_block() noexcept;
  /// Decodes the current block if it is not yet and puts the cursor on its first document;
  /// false on corruption.
  bool load_block() noexcept;
  /// The loaded block: its size, documents, and frequencies minus one.
  std::uint32_t block_size() const noexcept { return block_size_; }
  const std::uint32_t* block_docs() const noexcept { return docs_.data(); }
  const std::uint32_t* block_freqs_minus_one() noexcept {
    if (!freqs_decoded_) decode_freqs();
    return freqs_.data();
  }
  /// Where the current block starts, its skip entry read: seek_block() comes back to it, so
  /// that a lone term's blocks can be visited best first (search/pruning/term_blocks.h).
  struct BlockMark {
    std::uint32_t block = 0;
    DocId previous_last = 0;
    const std::uint8_t* skip_p = nullptr;  // past the block's skip entry
    const std::uint8_t* block_data = nullptr;
    std::uint64_t position_offset = 0;
    SkipEntry skip;
    const std::uint8_t* impacts_p = nullptr;
    const std::uint8_t* impacts_end = nullptr;
  };
  BlockMark block_mark() const noexcept {
    return {block_, previous_last_, skip_p_,  block_data_,
            position_offset_, skip_,  impacts_p_, impacts_end_};
  }
  /// Moves to the block `mark` was taken at (by this cursor), before or after the current one,
  /// without decoding it (unless it is the current block, decoded already): load_block() does,
  /// and puts the cursor on the block's first document; docid() means nothing until then.
  /// False if the cursor failed.
  bool seek_block(const BlockMark& mark) noexcept;
  std::uint32_t block_count() const noexcept { return block_count_; }
  /// The current document's place in the loaded block: block_docs()[block_index()] == docid().
  std::uint32_t block_index() const noexcept { return index_; }
  /// Moves on to the loaded block's document `index` (after the current one), or, when `index`
  /// is block_size(), onto the next block's first document (terminated after the last block).
  void skip_to_index(std::uint32_t index) noexcept {
    if (index < block_size_) {
      index_ = index;
      doc_ = docs_[index];
      return;
    }
    index_ = block_size_ - 1;
    doc_ = docs_[index_];
    next_slow();
  }

 private:
  void next_slow() noexcept;
  void next_geq_slow(DocId target) noexcept;
  void open_single_block(const std::uint8_t* p) noexcept;  // a term of one block, at p
  bool read_skip() noexcept;                               // the skip entry of block_ into skip_
  void read_impacts() noexcept;  // impacts_ from [impacts_p_, impacts_end_)
  bool decode_block() noexcept;  // docs and freqs of block_
  void fail(std::string_view what) noexcept;
  void fail(Status status) noexcept;
  void fail_positions(std::string_view what) noexcept;  // names the positions file

  const SegmentReader* segment_;
  std::uint32_t doc_freq_;
  std::uint32_t block_count_;
  bool has_positions_;
  std::uint32_t field_;
  bool single_block_ = false;  // one block, written without a skip entry (file version 3)
  const std::uint8_t* skip_p_ = nullptr;  // next skip entry to read
  const std::uint8_t* skip_end_ = nullptr;
  const std::uint8_t* block_data_ = nullptr;  // .doc bytes of block_
  std::uint64_t position_offset_ = 0;         // .pos offset of block_
  std::uint32_t block_ = 0;                   // current block number
  SkipEntry skip_;
  const std::uint8_t* impacts_p_ = nullptr;  // the skip entry's impacts (version 3 on)
  const std::uint8_t* impacts_end_ = nullptr;
  bool impacts_read_ = false;
  Impacts impacts_;
  DocId previous_last_ = 0;  // last doc of the block before block_
  bool decoded_ = false;
  std::uint32_t block_size_ = 0;
  std::uint32_t index_ = 0;
  DocId doc_ = kTerminated;
  std::array<std::uint32_t, util::kBlockSize> docs_{};
  std::array<std::uint32_t, util::kBlockSize> freqs_{};
  const std::uint8_t* freq_run_ = nullptr;  // the block's packed frequencies, checked
  bool freqs_decoded_ = false;              // freqs_ holds them
  void decode_freqs() noexcept;
  // Positions, read on demand: per document at first, the whole block once more than
  // kPositionsReadAlone of its documents asked (a phrase reads those where its words meet:
  // callgrind, 250 phrases of the English corpus, 586.8k instructions a query with 16, 568.6k
  // with 64), or at the first for a reader of them all.
  static constexpr std::uint32_t kPositionsReadAlone = 64;
  std::uint32_t positions_alone_limit_ = kPositionsReadAlone;
  bool prepare_positions() noexcept;                // starts per document, runs checked and located
  void decode_all_positions() noexcept;             // every document's, into block_positions_
  std::vector<std::uint32_t> position_starts_;      // per document of the block, + total
  std::vector<const std::uint8_t*> position_runs_;  // each run of 128 values
  bool position_runs_ready_ = false;
  std::uint32_t positions_read_alone_ = 0;
  std::vector<Position> doc_positions_;    // one document's, read alone
  std::vector<Position> block_positions_;  // all of the block's, once decoded whole
  bool positions_decoded_ = false;
  Status status_;
};

/// Iterates the dictionary in key order.
class TermIterator {
 public:
  explicit TermIterator(const SegmentReader& segment);
  /// Moves to the next term; false at the end or on corruption (see status()).
  bool next();
  /// Moves to the first term >= key; false if there is none.
  bool seek(std::string_view key);
  const std::string& key() const noexcept { return key_; }
  const TermInfo& info() const noexcept { return info_; }
  const Status& status() const noexcept { return status_; }

 private:
  bool load_block(std::size_t block);
  bool read_entry();
  // An entry in two steps (seek compares its key with the one sought in between): the bytes it
  // shares with the entry before (of `previous_size` bytes) and its own; then its numbers, into
  // info_ (`key_size`: its key's length, checked too).
  bool read_prefix(std::size_t previous_size, std::size_t& shared, std::string_view& suffix);
  bool read_numbers(std::size_t key_size);

  const SegmentReader* segment_;
  std::size_t block_ = 0;
  const std::uint8_t* p_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  bool block_start_ = true;
  std::string key_;
  TermInfo info_;
  Status status_;
  bool started_ = false;
};

class SegmentReader {
 public:
  /// Opens segment `name`. `identity` is the one MANIFEST records for it, empty if it records
  /// none (an older manifest): a segment or file whose identity differs is Corruption.
  static Result<std::shared_ptr<const SegmentReader>> open(Directory& directory,
                                                           const std::string& name,
                                                           std::shared_ptr<const Schema> schema,
                                                           std::string_view identity = {});

  const SegmentMeta& meta() const noexcept { return meta_; }
  const std::string& name() const noexcept { return meta_.name; }
  std::uint32_t doc_count() const noexcept { return meta_.doc_count; }
  const Schema& schema() const noexcept { return *schema_; }

  /// The dictionary entry of `key`, nullopt if absent; Corruption if the dictionary is damaged.
  Result<std::optional<TermInfo>> lookup(std::string_view key) const;
  /// The dictionary entry of `term` in field `field` (how the search code asks: it never builds
  /// or decodes dictionary keys).
  Result<std::optional<TermInfo>> lookup(std::uint32_t field, std::string_view term) const {
    return lookup(term_key(field, term));
  }
  /// Calls visit(term, info) for the terms of field `field` that start with `prefix`, in byte
  /// order, while it returns true. Corruption if the dictionary is damaged.
  template <class Visit>
  Status for_each_term(std::uint32_t field, std::string_view prefix, Visit&& visit) const {
    return for_each_key(term_key(field, prefix), 2, visit);
  }
  /// Calls visit(surface, info) for the surfaces of text field `field` (segment_format.h:
  /// kSurfaceField) that start with `prefix`, as for_each_term. None before format version 3.
  template <class Visit>
  Status for_each_surface(std::uint32_t field, std::string_view prefix, Visit&& visit) const {
    return for_each_key(surface_key(field, prefix), 4, visit);
  }
  /// Calls visit(last_doc, impacts) for every postings block of `term` in field `field`,
  /// reading the skip entries only (a term of one block, which has none, is decoded).
  template <class Visit>
  Status for_each_block(const TermInfo& term, std::uint32_t field, Visit&& visit) const;

  /// A cursor over the postings of `term` in field `field`.
  std::unique_ptr<BlockPostingsCursor> postings(const TermInfo& term, std::uint32_t field) const;

  /// The length of text field `field` in document `doc` (0 for other fields). Unverified: the
  /// caller has verified the document's row (verify_lengths), as postings cursors over text
  /// fields do for the documents they yield.
  /// The lengths of one text field, read without the checks field_length repeats per call:
  /// what a loop over one field's documents holds. Unverified, as field_length.
  class FieldLengths {
   public:
    std::uint32_t operator()(DocId doc) const noexcept { return doc < docs_ ? of_valid(doc) : 0; }
    /// The length of `doc`, which must be below the segment's document count (as every
    /// document of a decoded postings block is: decode_block checks it): no branch, so a loop
    /// over a block vectorises.
    std::uint32_t of_valid(DocId doc) const noexcept {
      return util::load_fixed32(column_ + std::uint64_t{doc} * stride_);
    }
    /// Whether the field has lengths (is a text field); of_valid() needs them.
    bool text() const noexcept { return column_ != nullptr; }

   private:
    friend class SegmentReader;
    const std::uint8_t* column_ = nullptr;  // the field's length in document 0
    std::uint64_t stride_ = 0;              // bytes from one document's row to the next
    DocId docs_ = 0;                        // 0 for a field that is not text
  };
  FieldLengths field_lengths(std::uint32_t field) const noexcept {
    FieldLengths lengths;
    if (field >= text_slot_.size() || text_slot_[field] < 0) return lengths;
    lengths.column_ = lengths_.body_begin() + static_cast<std::uint64_t>(text_slot_[field]) * 4;
    lengths.stride_ = std::uint64_t{text_fields_} * 4;
    lengths.docs_ = meta_.doc_count;
    return lengths;
  }
  std::uint32_t field_length(std::uint32_t field, DocId doc) const noexcept {
    return field_lengths(field)(doc);
  }
  /// Verifies the field lengths of documents [first, last].
  Status verify_lengths(DocId first, DocId last) const;
  /// The per-document values of the numeric, date and keyword fields.
  const FieldValues& field_values() const noexcept { return *field_values_; }
  /// The stored values of `doc`.
  Result<std::vector<StoredValue>> stored(DocId doc) const;

  /// The last decompressed stored-field block, so that reading many documents in order
  /// decompresses each block once. One per thread.
  struct StoredCache {
    struct FreeContext {
      void operator()(ZSTD_DCtx* dctx) const;
    };
    std::size_t block = SIZE_MAX;
    std::unique_ptr<ZSTD_DCtx, FreeContext>
        context;                   // reused: creating one costs a memset of ~100 KiB
    std::string raw;               // the block decompressed, if it was compressed
    std::string_view block_bytes;  // the block: `raw`, or in the segment's file
    std::uint64_t docs = 0;        // records in the block
    std::size_t records_at = 0;    // where the records start, after their sizes
    // Decoded so far: record `record` starts at `record_at`, and its size is at `size_at`.
    std::uint64_t record = 0;
    std::size_t record_at = 0, size_at = 0;
    void rewind() {
      record = 0;
      record_at = records_at;
      size_at = 0;
    }
  };
  /// The stored record of `doc`, unparsed (merges copy it as is); it points into `cache`,
  /// valid until the cache's next use.
  Result<std::string_view> stored_record(DocId doc, StoredCache& cache) const;
  Result<std::vector<StoredValue>> stored(DocId doc, StoredCache& cache) const;

  /// Verifies every byte of every file against the files' checksums (as a merge does before
  /// it reads a segment).
  Status verify_checksums() const;
  /// verify_checksums(), and the structure of every term's postings and stored block.
  Status verify() const;

  /// Bytes per file extension ("doc", "pos", ...).
  std::vector<std::pair<std::string, std::uint64_t>> file_sizes() const;

 private:
  friend class BlockPostingsCursor;
  friend class TermIterator;
  SegmentReader() = default;
  /// visit(key without its first `strip` bytes, info) for the keys starting with `key_prefix`.
  template <class Visit>
  Status for_each_key(const std::string& key_prefix, std::size_t strip, Visit&& visit) const;
  Status load_stored_table();
  Result<std::unique_ptr<FieldValues>> legacy_field_values() const;

  std::shared_ptr<const Schema> schema_;
  std::size_t field_count_ = 0;
  SegmentMeta meta_;
  DictionaryIndexReader dict_index_;
  // values_file_: .val, or a format 1 segment's .col.
  store_internal::FramedFile dict_, postings_, positions_, lengths_, values_file_, stored_,
      meta_file_, tix_file_;
  std::unique_ptr<FieldValues> field_values_;
  std::vector<int> text_slot_;  // per field: column in .len, or -1
  std::size_t text_fields_ = 0;
  std::vector<DocId> stored_first_docs_;
  std::vector<std::uint64_t> stored_offsets_;
  std::uint64_t stored_table_ = 0;  // where the block table starts in the .sto body
  Status stored_damage_;            // why the block table could not be loaded, if it could not
};

template <class Visit>
Status SegmentReader::for_each_key(const std::string& key_prefix, std::size_t strip,
                                   Visit&& visit) const {
  TermIterator iterator(*this);
  if (iterator.seek(key_prefix)) {
    do {
      const std::string_view key = iterator.key();
      if (key.substr(0, key_prefix.size()) != key_prefix) break;
      if (!visit(key.substr(strip), iterator.info())) break;
    } while (iterator.next());
  }
  return iterator.status();
}

template <class Visit>
Status SegmentReader::for_each_block(const TermInfo& term, std::uint32_t field,
                                     Visit&& visit) const {
  if (postings_.version >= 3 && term.doc_freq <= util::kBlockSize) {
    BlockPostingsCursor cursor(*this, term, field);
    if (!cursor.status().ok()) return cursor.status();
    visit(cursor.block_last_doc(), cursor.block_impacts());
    return {};
  }
  const std::uint8_t* p =
      postings_.body_begin() + std::min<std::uint64_t>(term.postings_offset, postings_.body.size());
  const std::uint8_t* end = postings_.body_end();
  std::uint64_t skip_bytes = 0;
  if (!util::get_varint(p, end, skip_bytes) || skip_bytes > static_cast<std::uint64_t>(end - p)) {
    return Status::corruption(postings_.file->name() + ": bad skip table length");
  }
  end = p + skip_bytes;
  TRAWL_RETURN_IF_ERROR(postings_.verify(term.postings_offset,
                                         static_cast<std::uint64_t>(end - postings_.body_begin())));
  const std::uint64_t blocks = (term.doc_freq + util::kBlockSize - 1) / util::kBlockSize;
  DocId last_doc = 0;
  for (std::uint64_t b = 0; b < blocks; ++b) {
    std::uint32_t delta = 0;
    SkipEntry entry;
    const std::uint8_t* impacts_begin = nullptr;
    const std::uint8_t* impacts_end = nullptr;
    if (!parse_skip_entry(p, end, postings_.version >= 3, delta, entry, impacts_begin,
                          impacts_end)) {
      return Status::corruption(postings_.file->name() + ": truncated skip entry");
    }
    Impacts impacts;
    if (!decode_impacts(impacts_begin, impacts_end, entry.max_freq, entry.min_length, impacts)) {
      return Status::corruption(postings_.file->name() + ": malformed impacts in a skip entry");
    }
    last_doc += delta;
    visit(last_doc, impacts);
  }
  return {};
}

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_SEGMENT_READER_H_
