// Field values: the per-document values of a segment's numeric, date and keyword fields, for
// range queries, sorting and facets (Lucene's doc values and points in one file, .val).
//
// Per numeric or date field, a section holds every document's values (ascending within a
// document) and the same values sorted as (value, document) pairs, so that a range finds its
// documents by binary search and reads only the pairs inside it. Per keyword field, a section
// holds every document's value ordinals (the rank of the value among the field's distinct values
// in the segment, ascending within a document) and the distinct values in byte order. The byte
// layout is in docs/format/segment.md.
//
// Readers verify the pages they read (the file has page checksums) and bounds-check every
// offset, so damage is Corruption naming the file, never a wild read.
#ifndef TRAWL_SRC_INDEX_FIELD_VALUES_H_
#define TRAWL_SRC_INDEX_FIELD_VALUES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/file_format.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/types.h"
#include "util/packed_array.h"

namespace trawl::index_internal {

inline constexpr std::string_view kFieldValuesKind = "FVAL";
/// Version of the .val file. 2: every array packed (util/packed_array.h); 1: fixed-width.
inline constexpr std::uint32_t kFieldValuesFormatVersion = 2;

/// One array of a .val section: how it is packed, and where its data starts in the body.
struct ValueArray {
  util::PackedArray packing;
  std::uint64_t at = 0;

  /// Value i; its bytes must be verified (verify()) and within the file (checked at open).
  [[gnu::always_inline]] std::uint64_t get(const store_internal::FramedFile& file,
                                           std::uint64_t i) const noexcept {
    return packing.get(file.body_begin() + at, i);
  }
  /// Whether value i is i (offsets of a field with one value per document), which the packing
  /// says without reading anything.
  bool is_identity() const noexcept {
    return packing.bits == 0 && packing.base == 0 && packing.slope == 1;
  }
  /// Verifies the pages values [first, last) are read from.
  [[gnu::always_inline]] Status verify(const store_internal::FramedFile& file,
                                       std::uint64_t first, std::uint64_t last) const {
    const auto [begin, end] = packing.bytes_of(first, last);
    return file.verify(at + begin, at + end);
  }
};

/// A number of a document's numeric or date field.
struct FieldNumber {
  std::uint32_t field;
  std::int64_t value;
};

/// Collects a segment's values while it is written, and lays out the .val body.
class FieldValuesWriter {
 public:
  explicit FieldValuesWriter(const Schema& schema);

  /// The numbers of the next document (documents come in order; any field order).
  void add_document(const std::vector<FieldNumber>& numbers);
  /// The next distinct value of keyword field `field` (values come in byte order); returns its
  /// ordinal.
  std::uint32_t add_keyword_value(std::uint32_t field, std::string_view value);
  /// Document `doc` has keyword value `ordinal` of `field`.
  void add_keyword_doc(std::uint32_t field, std::uint32_t ordinal, DocId doc);

  /// Writes the .val body for `doc_count` documents to `out`, piece by piece, in order.
  void write(DocId doc_count, const std::function<void(std::string_view)>& out);
  /// The .val body for `doc_count` documents, whole.
  std::string finish(DocId doc_count);

 private:
  struct Numbers {
    std::vector<std::uint64_t> starts;  // per document added: its first value
    std::vector<std::int64_t> values;
  };
  struct Keywords {
    std::string bytes;                // the distinct values, in byte order, end to end
    std::vector<std::uint64_t> ends;  // per value: where it ends in `bytes`
    std::vector<std::pair<DocId, std::uint32_t>> postings;  // (document, ordinal)
  };
  std::vector<FieldType> types_;
  std::vector<std::optional<Numbers>> numbers_;    // per schema field
  std::vector<std::optional<Keywords>> keywords_;  // per schema field
  DocId docs_ = 0;
};

/// One numeric or date field's values in a segment.
class NumericColumn {
 public:
  /// The values of `doc`, ascending, into `out` (replaced). Corruption if damaged.
  Status values(DocId doc, std::vector<std::int64_t>& out) const;
  /// The smallest and largest value of `doc`; nullopt if it has none.
  Result<std::optional<std::pair<std::int64_t, std::int64_t>>> min_max(DocId doc) const;
  /// The documents with a value in [low, high], ascending, each once, into `out` (replaced).
  /// Costs O(log values + matches), plus O(documents / 64) when many match.
  Status docs_in_range(std::int64_t low, std::int64_t high, std::vector<DocId>& out) const;
  /// Sets the bit of each document with a value in [low, high] in `bits` (one per document of
  /// the segment), straight from the sorted pairs: no order, no de-duplication needed.
  Status mark_in_range(std::int64_t low, std::int64_t high, std::vector<std::uint64_t>& bits) const;
  std::uint64_t value_count() const noexcept { return value_count_; }
  using Span = std::pair<std::uint64_t, std::uint64_t>;
  /// The positions [first, last) of the sorted (value, document) pairs with a value in
  /// [low, high], their pages verified, for visit_sorted_docs().
  Result<Span> sorted_span(std::int64_t low, std::int64_t high) const;
  /// Calls visit(doc) for the document of each pair in `span` (from sorted_span()), in value
  /// order. Corruption, and no further calls, at a document number out of range.
  template <typename Visit>
  Status visit_sorted_docs(Span span, Visit&& visit) const {
    for (std::uint64_t i = span.first; i < span.second; ++i) {
      const std::uint64_t doc = sorted_docs_.get(*file_, i);
      if (doc >= doc_count_) return doc_out_of_range();
      visit(static_cast<DocId>(doc));
    }
    return {};
  }

 private:
  friend class FieldValues;
  Status doc_out_of_range() const;
  Result<std::pair<std::uint64_t, std::uint64_t>> range_of(DocId doc) const;
  Result<std::int64_t> sorted_value(std::uint64_t i) const;

  const store_internal::FramedFile* file_ = nullptr;
  DocId doc_count_ = 0;
  std::uint64_t value_count_ = 0;
  ValueArray starts_, values_, sorted_values_, sorted_docs_;
  bool one_each_ = false;  // every document has one value: document d's is value d
};

/// One keyword field's values in a segment.
class KeywordColumn {
 public:
  /// The ordinals of `doc`'s values, ascending, into `out` (replaced).
  Status ordinals(DocId doc, std::vector<std::uint32_t>& out) const;
  /// The value of `ordinal` (< value_count()); it points into the file.
  Result<std::string_view> value(std::uint32_t ordinal) const;
  std::uint32_t value_count() const noexcept { return value_count_; }
  /// Whether every document has exactly one value (then count_only_ordinals() applies).
  bool one_each() const noexcept { return one_each_; }
  /// Adds one to counts[o] for the one value o of each of docs[0, n) (ascending, n > 0), where
  /// one_each(): a facet's matches a batch at a time, the pages they span verified at once.
  /// `counts` has value_count() entries.
  Status count_only_ordinals(const DocId* docs, std::size_t n, std::uint64_t* counts) const;

 private:
  friend class FieldValues;
  const store_internal::FramedFile* file_ = nullptr;
  DocId doc_count_ = 0;
  std::uint64_t ordinal_count_ = 0;
  std::uint32_t value_count_ = 0;
  ValueArray starts_, ordinals_, value_offsets_;
  bool one_each_ = false;  // every document has one value: document d's is ordinal entry d
  std::uint64_t bytes_ = 0, bytes_size_ = 0;
};

/// A segment's field values, opened from its .val file or built from an older segment's data.
class FieldValues {
 public:
  /// Reads the section table of `file` (a .val file, or a body built by FieldValuesWriter held
  /// by `owned`). Corruption naming the file if it does not fit `schema` and `doc_count`.
  static Result<std::unique_ptr<FieldValues>> open(store_internal::FramedFile file,
                                                   std::shared_ptr<const std::string> owned,
                                                   const Schema& schema, DocId doc_count);

  /// Null unless field `field` is numeric or date.
  const NumericColumn* numeric(std::uint32_t field) const noexcept;
  /// Null unless field `field` is a keyword field.
  const KeywordColumn* keyword(std::uint32_t field) const noexcept;
  /// Every structural invariant, over every byte (for IndexReader::check).
  Status verify() const;
  const store_internal::FramedFile& file() const noexcept { return file_; }

 private:
  FieldValues() = default;
  store_internal::FramedFile file_;
  std::shared_ptr<const std::string> owned_;  // the body, when built in memory
  std::vector<std::optional<NumericColumn>> numeric_;
  std::vector<std::optional<KeywordColumn>> keyword_;
};

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_FIELD_VALUES_H_
