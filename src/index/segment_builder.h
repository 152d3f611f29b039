// SegmentBuilder: the in-memory segment that IndexWriter fills with documents: it analyses
// them, inverts them into per-term postings buffers, and flushes them through SegmentWriter.
#ifndef TRAWL_SRC_INDEX_SEGMENT_BUILDER_H_
#define TRAWL_SRC_INDEX_SEGMENT_BUILDER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/deletions.h"
#include "index/document_analyzer.h"
#include "index/segment_format.h"
#include "trawl/analysis/token_stream.h"
#include "trawl/index/document.h"
#include "trawl/index/postings.h"
#include "trawl/index/schema.h"
#include "trawl/store/directory.h"
#include "util/string_hash.h"
#include "util/string_table.h"

namespace trawl::index_internal {

/// Counts of the surfaces of terms (segment_format.h: kSurfaceField), each chained to the term
/// it is a form of (its owner: a number the caller gives each term): a term has a few forms, so
/// finding a surface takes a few short comparisons, where a hash of each occurrence took a
/// fifth of indexing.
class SurfaceCounts {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Entry {
    std::uint32_t owner;
    std::uint32_t offset, size;  // of the surface in bytes()
    std::uint32_t next = kNone;  // the owner's next surface
    std::uint32_t doc_freq = 0;
    std::uint64_t occurrences = 0;
    std::uint32_t last_doc = 0;  // the last document counted
  };

  /// Counts `documents` more documents (the last `doc`) holding `surface`, a form of owner
  /// `owner`'s term, `occurrences` times; a document equal to the last counted one is not
  /// counted again.
  void count(std::uint32_t owner, std::string_view surface, std::uint32_t documents,
             std::uint64_t occurrences, std::uint32_t doc);

  const std::vector<Entry>& entries() const noexcept { return entries_; }
  std::string_view surface(const Entry& entry) const {
    return std::string_view(bytes_).substr(entry.offset, entry.size);
  }
  std::size_t memory_bytes() const noexcept {
    return bytes_.capacity() + entries_.capacity() * sizeof(Entry) +
           heads_.capacity() * sizeof(std::uint32_t);
  }
  void clear() {
    bytes_.clear();
    entries_.clear();
    heads_.clear();
  }

 private:
  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> heads_;  // per owner: its first surface, or kNone
};

/// The postings of a batch of consecutive documents, inverted away from the builder (on an
/// analysis thread), so that the builder only appends them.
struct InvertedBatch {
  struct Group {  // one term of one field
    std::uint32_t field;
    std::uint32_t term_offset, term_size;  // in `terms`
    std::uint32_t first_doc, last_doc;     // batch-local numbers of its first and last document
    std::uint32_t doc_freq;
    // In `data`: the first document's frequency and position deltas, then for every further
    // document its number's delta, frequency and position deltas: the builder's own encoding
    // but for the first delta, which depends on the builder's state.
    std::size_t data_offset, data_size;
  };
  std::string terms;
  std::string data;
  std::vector<Group> groups;
  SurfaceCounts surfaces;  // owners: groups; documents batch-local

  // Scratch, reused: batch-local term numbers and the hits by (term, document, position).
  struct Key {
    std::uint32_t field;
    std::string_view term;  // into the analysed documents, valid during invert_batch
    friend bool operator==(const Key& a, const Key& b) {
      return a.field == b.field && a.term == b.term;
    }
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return std::hash<std::string_view>{}(key.term) * 31 + key.field;
    }
  };
  std::unordered_map<Key, std::uint32_t, KeyHash> local_ids;
  struct Hit {
    std::uint32_t term;
    std::uint32_t doc;
    Position position;
    friend bool operator<(const Hit& a, const Hit& b) {
      if (a.term != b.term) return a.term < b.term;
      if (a.doc != b.doc) return a.doc < b.doc;
      return a.position < b.position;
    }
  };
  std::vector<Hit> hits;
};

/// Inverts `documents` (consecutive, in order) into `out` (overwritten; buffers reused).
void invert_batch(const std::vector<const AnalyzedDocument*>& documents, InvertedBatch& out);

class SegmentBuilder {
 public:
  /// REQUIRES: schema.validate().ok(); `schema` outlives the builder.
  static Result<SegmentBuilder> create(const Schema& schema);

  /// Analyses and buffers `document` (DocumentAnalyzer::analyze, then add()). On error the
  /// builder is unchanged.
  Status add(const Document& document);
  /// Inverts an analysed document: its terms join the postings buffers.
  void add(const AnalyzedDocument& document);

  /// The two halves of add() for batches inverted elsewhere: first each document's stored
  /// record, lengths, numbers and key, in order (returns its number), then the batch's
  /// postings, whose batch-local document 0 is document `first`.
  DocId add_document_data(const AnalyzedDocument& document);
  void add_postings(DocId first, const InvertedBatch& batch);

  /// The most documents a segment holds (DocIds stay far from kTerminated).
  static constexpr std::uint32_t kMaxDocs = 0x7FFFFFFF;

  std::uint32_t doc_count() const noexcept { return doc_count_; }
  bool full() const noexcept { return doc_count_ >= kMaxDocs; }
  /// The memory the buffered documents take: the containers' capacities, and the postings'
  /// and keys' heap as counted while they grow.
  std::size_t ram_bytes() const noexcept;

  /// Marks every buffered document whose unique key is `key` deleted; returns how many.
  std::uint32_t remove_key(std::string_view key);
  /// How many buffered documents have unique key `key` and are not deleted.
  std::uint32_t count_key(std::string_view key) const;

  struct Flushed {
    SegmentMeta meta;
    std::shared_ptr<DeletionSet> deletions;  // documents removed while buffered; may be null
  };
  /// Writes the buffered documents as segment `name`; clear() empties the builder after. Reads
  /// the builder only: const members may be called meanwhile from other threads. `durable`: as
  /// SegmentWriter::create's.
  Result<Flushed> flush(Directory& directory, const std::string& name, bool durable = true) const;

  /// Forgets the buffered documents.
  void clear();

 private:
  explicit SegmentBuilder(const Schema& schema);

  struct TermPostings {
    std::string data;  // per document: varint doc delta, varint freq, varint position deltas
    DocId last_doc = 0;
    std::uint32_t doc_freq = 0;
  };

  std::uint32_t term_id(std::uint32_t field, std::string_view term);

  const Schema* schema_;
  std::size_t value_fields_ = 0;  // keyword, numeric and date fields: flushed as columns
  std::optional<DocumentAnalyzer> analyzer_;  // for add(const Document&)
  AnalyzedDocument analyzed_;
  util::StringTable term_ids_;  // term keys, numbered as postings_
  // A deque: growing it never holds the old and the new array at once, as a vector's doubling
  // would (a momentary half again of its size, past the budget).
  std::deque<TermPostings> postings_;
  SurfaceCounts surfaces_;               // owners: term numbers
  std::vector<std::uint32_t> lengths_;   // doc_count x fields
  std::vector<FieldNumber> numbers_;     // every document's numbers, in document order
  std::vector<std::size_t> number_starts_;  // per document: its first in numbers_
  std::vector<std::uint32_t> stored_sizes_;
  // The stored records end to end, in chunks of at most kStoredChunkBytes (a larger record has
  // one of its own): one string would double, holding its old and new bytes at once (on the
  // benchmark corpus 134 MB past a 256 MB budget in one step). A record never spans two chunks.
  static constexpr std::size_t kStoredChunkBytes = std::size_t{1} << 20;
  std::vector<std::string> stored_;
  std::uint32_t doc_count_ = 0;
  std::size_t ram_bytes_ = 0;  // the postings', keys' and stored chunks' heap
  // Unique key -> buffered documents with it, and the buffered documents deleted since.
  util::StringMap<std::vector<DocId>> key_docs_;
  std::vector<DocId> deleted_;
  // Scratch, reused across documents.
  // Scratch of add(): a document's hits grouped by term (see there).
  struct Run {
    std::uint32_t term;
    std::uint32_t size;   // hits
    std::uint32_t start;  // in run_positions_
  };
  static constexpr std::uint32_t kNoRun = UINT32_MAX;
  std::vector<std::uint32_t> run_of_;  // per term: its run in the document being added, or kNoRun
  std::vector<Run> runs_;
  std::vector<std::uint32_t> hit_runs_;  // per hit: its run
  std::vector<std::uint32_t> group_terms_;  // add_postings(): per group of the batch, its term
  std::vector<Position> run_positions_;
  std::string key_;
};

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_SEGMENT_BUILDER_H_
