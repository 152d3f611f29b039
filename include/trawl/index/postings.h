// PostingsCursor: walks the documents that contain one term in one segment, in increasing
// document order, with each document's term frequency and positions.
//
// A cursor starts on its first document (or kTerminated if there is none). next() and
// next_geq() only move forward; next_geq() skips whole blocks of 128 documents using the skip
// data, without decoding them. Block-max accessors give, for the block under the cursor, the
// largest term frequency and the smallest field length, which bound any score in the block.
//
// Corrupt data ends the cursor (docid() becomes kTerminated) with status() = Corruption; it
// never reads outside the index files.
//
// Thread-safety: a cursor is used by one thread; the index it reads may be shared.
#ifndef TRAWL_INDEX_POSTINGS_H_
#define TRAWL_INDEX_POSTINGS_H_

#include <cstdint>
#include <limits>

#include "trawl/export.h"
#include "trawl/status.h"
#include "trawl/types.h"

namespace trawl {

/// The document id of an exhausted cursor; larger than every real document id.
inline constexpr DocId kTerminated = std::numeric_limits<DocId>::max();

class TRAWL_EXPORT PostingsCursor {
 public:
  virtual ~PostingsCursor();

  /// The current document (segment-local), or kTerminated.
  virtual DocId docid() const noexcept = 0;
  /// Moves to the next document.
  virtual void next() noexcept = 0;
  /// Moves to the first document >= target (never backwards).
  virtual void next_geq(DocId target) noexcept = 0;
  /// The term's frequency in the current document. REQUIRES: docid() != kTerminated.
  virtual std::uint32_t freq() noexcept = 0;
  /// The term's positions in the current document, increasing; freq() of them. Empty for
  /// fields without positions. Valid until the cursor moves. REQUIRES: not terminated. If they
  /// cannot be decoded, the cursor fails (status() says why, docid() is kTerminated and freq()
  /// 0): read freq() after positions() to know how many may be read.
  virtual const Position* positions() noexcept = 0;
  /// The number of documents in the list (document frequency in this segment).
  virtual std::uint32_t size() const noexcept = 0;

  /// For the block of the current document: its last document, the largest frequency and the
  /// smallest field length in it. REQUIRES: not terminated.
  virtual DocId block_last_doc() const noexcept = 0;
  virtual std::uint32_t block_max_freq() const noexcept = 0;
  virtual std::uint32_t block_min_length() const noexcept = 0;

  /// OK, or Corruption if the postings turned out to be damaged.
  virtual Status status() const = 0;
};

}  // namespace trawl

#endif  // TRAWL_INDEX_POSTINGS_H_
