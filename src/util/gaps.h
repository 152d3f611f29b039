// Gaps to running sums: postings store each document as its distance from the one before (the
// gap), and decoding a block turns the gaps back into documents.
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

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_GAPS_H_
