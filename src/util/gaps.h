// Gaps to running sums: postings store each document as its distance from the one before (the
// gap), and positions each as its distance from the one before in the document; decoding a
// block turns them back into documents and positions.
#ifndef TRAWL_SRC_UTIL_GAPS_H_
#define TRAWL_SRC_UTIL_GAPS_H_

#include <cstddef>
#include <cstdint>

namespace trawl::util {

/// Replaces values[0, n) by base + values[0] + ... + values[i], the documents a block's gaps
/// lead to from `base` (the last document of the block before). Returns false, leaving `values`
/// unspecified, when the documents do not rise strictly (a gap of zero, but for the first when
/// `first_may_be_zero`: the first block's first document is its own gap from 0) or pass 2^32 - 1.
/// A false return is corrupt postings, never a valid block. REQUIRES: n >= 1.
bool gaps_to_documents(std::uint32_t* values, std::size_t n, std::uint32_t base,
                       bool first_may_be_zero) noexcept;

/// gaps_to_documents without the processor-specific kernels (AVX2, chosen at run time): what
/// runs on processors without them, kept for tests to check on any.
bool gaps_to_documents_portable(std::uint32_t* values, std::size_t n, std::uint32_t base,
                                bool first_may_be_zero) noexcept;

/// Where each document's run of positions starts in a block, from the documents' frequencies
/// less one: starts[i] = (counts_minus_one[0] + 1) + ... + (counts_minus_one[i - 1] + 1) for
/// i <= n (starts[0] = 0, starts[n] the total; `starts` holds n + 1). Returns the total in 64
/// bits; past 2^32 - 1 (corrupt frequencies) the starts are unspecified.
std::uint64_t run_starts(const std::uint32_t* counts_minus_one, std::size_t n,
                         std::uint32_t* starts) noexcept;

/// Replaces values[0, n) by their running sums modulo 2^32. A block's positions restart at
/// each document: the difference of two sums is what adding the gaps between them one by one
/// in 32 bits gives.
void running_sums(std::uint32_t* values, std::size_t n) noexcept;

/// run_starts and running_sums without the processor-specific kernels, for tests.
std::uint64_t run_starts_portable(const std::uint32_t* counts_minus_one, std::size_t n,
                                  std::uint32_t* starts) noexcept;
void running_sums_portable(std::uint32_t* values, std::size_t n) noexcept;

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_GAPS_H_
