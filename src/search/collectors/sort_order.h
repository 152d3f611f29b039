// The order of a sorted search (SearchOptions::sort): its keys resolved against the schema, a
// document's position in that order, the comparison, and the cursor that marks a position for
// search-after. One total order: the keys, then the score (best first), then the document's
// place in the snapshot, so pages never repeat or skip a hit.
#ifndef TRAWL_SRC_SEARCH_COLLECTORS_SORT_ORDER_H_
#define TRAWL_SRC_SEARCH_COLLECTORS_SORT_ORDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/segment_reader.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

/// A sort key checked against the schema.
struct ResolvedKey {
  enum class Kind : std::uint8_t { kScore, kNumber, kText } kind = Kind::kScore;
  std::uint32_t field = 0;
  bool descending = true;
};

/// A document's value for one key: a number (numeric, date), text (keyword) or none.
struct SortValue {
  bool missing = true;
  std::int64_t number = 0;
  std::string_view text;  // into the segment's field values, or into SortPosition::storage
};

/// Where a document sits in the order.
struct SortPosition {
  std::vector<SortValue> values;  // per key (a score key's entry is unused)
  double score = 0;
  std::uint64_t global = 0;  // the document's place in the snapshot
  // Owns decoded cursor texts; each on the heap, so that views stay valid when moved.
  std::vector<std::unique_ptr<std::string>> storage;
};

class SortOrder {
 public:
  /// InvalidArgument for a key on an unknown field or one that is not numeric, date or keyword.
  static Result<SortOrder> resolve(const std::vector<SortKey>& keys, const Schema& schema);
  const std::vector<ResolvedKey>& keys() const noexcept { return keys_; }

  /// The keys' columns in one segment (null where the segment has none), resolved once.
  struct Columns {
    std::vector<const index_internal::NumericColumn*> numbers;  // per key
    std::vector<const index_internal::KeywordColumn*> keywords;  // per key
  };
  Columns columns(const index_internal::SegmentReader& segment) const;
  /// Into `out` (resized): `doc`'s value for each key, from `columns` (of its segment).
  Status values(const Columns& columns, DocId doc, std::vector<SortValue>& out) const;
  Status values(const index_internal::SegmentReader& segment, DocId doc,
                std::vector<SortValue>& out) const {
    return values(columns(segment), doc, out);
  }
  /// The order of two documents by the field keys before the first score key: < 0 or > 0 when
  /// those decide it, 0 when they are equal (the score, then the place, decide).
  int compare_fields(const std::vector<SortValue>& a, const std::vector<SortValue>& b) const;
  /// < 0 if a ranks before b, 0 if equal (the same document), > 0 after.
  int compare(const std::vector<SortValue>& a_values, double a_score, std::uint64_t a_global,
              const std::vector<SortValue>& b_values, double b_score, std::uint64_t b_global) const;

  /// The cursor of a position, for SearchResult::next; `generation` names the snapshot.
  std::string cursor(const SortPosition& position, std::uint64_t generation) const;
  /// The position a cursor marks. InvalidArgument unless it is one of this order's cursors for
  /// snapshot `generation`.
  Result<SortPosition> parse_cursor(std::string_view cursor, std::uint64_t generation) const;

 private:
  std::vector<ResolvedKey> keys_;
  std::string signature_;  // the keys, as text: a cursor of another order is refused
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_COLLECTORS_SORT_ORDER_H_
