// IndexReader: a point-in-time snapshot of one commit of an index.
//
// Opening reads the manifest, each segment's metadata and dictionary index; postings, positions
// and stored fields are memory-mapped and read on demand, so opening costs milliseconds whatever
// the index size. A reader never changes: reopen() returns a new reader on the latest commit,
// reusing the segments the two share. Files a reader uses stay readable after a writer removes
// them.
//
// Documents are addressed per segment (segment number, segment-local DocId); statistics are
// summed over all segments.
//
// Thread-safety: an IndexReader is an immutable, cheaply copied handle; any number of threads
// may use it (and copies of it) at once.
#ifndef TRAWL_INDEX_INDEX_READER_H_
#define TRAWL_INDEX_INDEX_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trawl/export.h"
#include "trawl/index/document.h"
#include "trawl/index/postings.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/store/directory.h"
#include "trawl/types.h"

namespace trawl {

struct IndexReaderInternal;

struct TermStatistics {
  std::uint64_t doc_freq = 0;         ///< documents containing the term
  std::uint64_t total_term_freq = 0;  ///< occurrences in all documents
};

struct FieldStatistics {
  std::uint64_t doc_count = 0;     ///< documents with a value in the field
  std::uint64_t total_length = 0;  ///< sum of the field's lengths in tokens
  double average_length() const {
    return doc_count == 0 ? 0.0 : static_cast<double>(total_length) / static_cast<double>(doc_count);
  }
};

struct SegmentInfo {
  std::string name;
  std::uint32_t doc_count = 0;      ///< documents in the segment, deleted ones included
  std::uint32_t deleted_count = 0;  ///< documents deleted since the segment was written
  std::uint64_t term_count = 0;
  /// Bytes per file kind, e.g. {"doc", 1234}.
  std::vector<std::pair<std::string, std::uint64_t>> file_bytes;
};

class TRAWL_EXPORT IndexReader {
 public:
  /// Opens the latest commit. NotFound if there is no index; Corruption/NotSupported naming the
  /// file if the manifest or a segment's metadata is damaged or too new.
  static Result<IndexReader> open(std::shared_ptr<Directory> directory);
  static Result<IndexReader> open(const std::string& path);

  /// A reader on the latest commit (this reader's segments are reused where unchanged).
  Result<IndexReader> reopen() const;

  /// The commit's generation: 1 for the first commit, +1 for every later one.
  std::uint64_t generation() const noexcept;
  const Schema& schema() const noexcept;
  /// Live documents in the snapshot (deleted ones excluded).
  std::uint64_t doc_count() const noexcept;
  /// Deleted documents still held by segments (they vanish when their segment is merged).
  std::uint64_t deleted_count() const noexcept;
  std::size_t segment_count() const noexcept;
  SegmentInfo segment_info(std::size_t segment) const;

  /// Whether a document of a segment is deleted. Postings still list deleted documents:
  /// searches skip them with this.
  bool is_deleted(std::size_t segment, DocId doc) const noexcept;

  /// Statistics of an index term (already analysed) in `field`, summed over all segments.
  /// Like Lucene's, they count deleted documents until a merge removes them.
  /// InvalidArgument for an unknown field; Corruption if a dictionary is damaged.
  Result<TermStatistics> term_statistics(std::string_view field, std::string_view term) const;
  /// Statistics of a text field over all segments. InvalidArgument for an unknown field.
  Result<FieldStatistics> field_statistics(std::string_view field) const;

  /// The postings of `term` in `field` in one segment; null when the segment lacks the term.
  Result<std::unique_ptr<PostingsCursor>> postings(std::size_t segment, std::string_view field,
                                                   std::string_view term) const;
  /// The length in tokens of text field `field` in a document (0 if it has none).
  Result<std::uint32_t> field_length(std::size_t segment, std::string_view field, DocId doc) const;
  /// The stored values of a document, in the order they were added.
  Result<Document> stored(std::size_t segment, DocId doc) const;
  /// Every index term of `field` in a segment, sorted (for tools and tests; allocates).
  Result<std::vector<std::string>> terms(std::size_t segment, std::string_view field) const;
  /// A word of a text field as written, before stemming (normalised: NFKC, case folded), and
  /// the documents of the segment that held it when they were indexed (merges add the counts
  /// up; a document deleted since still counts).
  struct Surface {
    std::string word;
    std::uint32_t doc_count = 0;
  };
  /// The surfaces of text field `field` in a segment whose index term differs from them
  /// ("negotiators", whose term is "negoti"), sorted: prefixes, wildcards and fuzzy words match
  /// them besides the terms. None in segments written before they were kept (format 3).
  Result<std::vector<Surface>> surfaces(std::size_t segment, std::string_view field) const;

  /// Verifies every checksum and the structure of every file. Corruption naming the file.
  Status check() const;

 private:
  struct Impl;
  friend struct IndexReaderInternal;  // src/index/index_reader_internal.h, for the searcher
  explicit IndexReader(std::shared_ptr<const Impl> impl);
  static Result<std::shared_ptr<const Impl>> open_latest(std::shared_ptr<Directory> directory,
                                                         const Impl* previous);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace trawl

#endif  // TRAWL_INDEX_INDEX_READER_H_
