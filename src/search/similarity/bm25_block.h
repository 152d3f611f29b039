// BM25 over a decoded block of one field's postings: the loop every lone term, every window of
// a bag of words and every exhaustive disjunction runs per block, so it has an AVX2 form
// (four documents a step) chosen at run time beside the portable one. Both compute each score
// by the same expression as Bm25Kernel::score, in the same order and without fused
// multiply-adds, so the scores are the same to the bit.
#ifndef TRAWL_SRC_SEARCH_SIMILARITY_BM25_BLOCK_H_
#define TRAWL_SRC_SEARCH_SIMILARITY_BM25_BLOCK_H_

#include <cstdint>

#include "index/segment_reader.h"
#include "search/similarity/bm25.h"

namespace trawl::search_internal {

/// out[i] = kernel.score(weight * (freqs_minus_one[i] + 1), weight * lengths.of_valid(docs[i]))
/// for i < n. REQUIRES: every docs[i] below the segment's document count (a decoded block's
/// are) and `lengths` a text field's.
void bm25_one_field_block(const Bm25Kernel& kernel, double weight,
                          const index_internal::SegmentReader::FieldLengths& lengths,
                          const DocId* docs, const std::uint32_t* freqs_minus_one, std::uint32_t n,
                          double* out) noexcept;

/// bm25_one_field_block without the processor-specific form, for tests.
void bm25_one_field_block_portable(const Bm25Kernel& kernel, double weight,
                                   const index_internal::SegmentReader::FieldLengths& lengths,
                                   const DocId* docs, const std::uint32_t* freqs_minus_one,
                                   std::uint32_t n, double* out) noexcept;

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SIMILARITY_BM25_BLOCK_H_
