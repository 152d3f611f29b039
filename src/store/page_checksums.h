// Per-page checksums: a file read piecemeal (postings, positions, lengths, dictionary and stored
// blocks) carries an XXH3 checksum of every 4 KiB page of its body, so that a reader verifies
// the bytes it is about to decode without reading the rest of the file. A page is hashed the
// first time any reader uses it and remembered as verified in a bitmap, so a warm index pays a
// bit test per block. See docs/format/framing.md.
//
//   body | table: u32 LE per page (low half of XXH3-64 of the page) |
//   trailer: u64 body size | u32 log2(page size) | u32 low half of XXH3-64 of table + trailer[0, 12)
#ifndef TRAWL_SRC_STORE_PAGE_CHECKSUMS_H_
#define TRAWL_SRC_STORE_PAGE_CHECKSUMS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "trawl/result.h"
#include "util/checksum.h"

namespace trawl::store_internal {

inline constexpr unsigned kPageShift = 12;  // 4 KiB: a postings block is a few hundred bytes
inline constexpr std::size_t kPageTrailerSize = 16;

/// Computes the page table of a body as it is written.
class PageChecksumWriter {
 public:
  void update(std::string_view data);
  /// The table and trailer that follow a body of `body_bytes` (the sum of the updates). Call
  /// once, after the body's last update().
  std::string finish(std::uint64_t body_bytes);

 private:
  void end_page();

  std::uint64_t page_fill_ = 0;
  util::StreamingChecksum page_;
  std::string table_;
};

/// What is known of one file's pages: which were verified, and how to verify the others.
/// Thread-safe: concurrent searches share it.
class PageChecks {
 public:
  /// The checks of a paged file; `framed` is what lies between header and footer (body, table
  /// and trailer). Corruption naming `name` if the table or trailer is damaged.
  static Result<std::shared_ptr<const PageChecks>> paged(std::string name,
                                                         std::string_view framed);
  /// The checks of a file written without a page table: the first use of any of its bytes
  /// verifies `covered` (everything before the footer) against the footer's `checksum`.
  static std::shared_ptr<const PageChecks> whole(std::string name, std::string_view covered,
                                                 std::uint64_t checksum, std::uint64_t body_size);

  /// OK if body bytes [begin, end) are intact: verified before, or now. Corruption naming the
  /// file and the page otherwise, or if the range lies outside the body.
  /// The body the pages cover (for a file checked whole: everything before the footer).
  std::string_view covered() const noexcept { return covered_; }

  Status verify(std::uint64_t begin, std::uint64_t end) const {
    if (begin >= end) return {};
    if (end <= body_size_ && all_verified(begin >> shift_, (end - 1) >> shift_)) return {};
    return verify_range(begin, end);
  }

 private:
  PageChecks() = default;
  bool is_verified(std::uint64_t page) const noexcept {
    return (verified_[page >> 6].load(std::memory_order_acquire) >> (page & 63) & 1) != 0;
  }
  // Whether pages [first, last] are all verified: a word of the bitmap at a time, since the
  // field lengths a postings block of a rare term names may span hundreds of pages.
  bool all_verified(std::uint64_t first, std::uint64_t last) const noexcept {
    const std::uint64_t high = ~std::uint64_t{0} << (first & 63);
    const std::uint64_t low = ~std::uint64_t{0} >> (63 - (last & 63));
    std::uint64_t word = first >> 6;
    const std::uint64_t last_word = last >> 6;
    if (word == last_word) return (~load(word) & high & low) == 0;
    if ((~load(word) & high) != 0) return false;
    while (++word < last_word) {
      if (load(word) != ~std::uint64_t{0}) return false;
    }
    return (~load(last_word) & low) == 0;
  }
  std::uint64_t load(std::uint64_t word) const noexcept {
    return verified_[word].load(std::memory_order_acquire);
  }
  Status verify_range(std::uint64_t begin, std::uint64_t end) const;
  Status verify_page(std::uint64_t page) const;

  std::string name_;
  std::string_view covered_;              // the bytes the pages divide
  const std::uint8_t* table_ = nullptr;   // u32 per page; null for a file checked whole
  std::uint64_t whole_checksum_ = 0;      // for a file checked whole
  std::uint64_t body_size_ = 0;
  unsigned shift_ = 63;                   // a file checked whole is one page
  std::unique_ptr<std::atomic<std::uint64_t>[]> verified_;  // a bit per page
};

}  // namespace trawl::store_internal

#endif  // TRAWL_SRC_STORE_PAGE_CHECKSUMS_H_
