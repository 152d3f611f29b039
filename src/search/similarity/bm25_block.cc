#include "search/similarity/bm25_block.h"

#include <climits>

#include "util/cpu.h"

#if TRAWL_HAVE_AVX2_KERNELS
#include <immintrin.h>
#endif

namespace trawl::search_internal {

namespace {

// The portable loop (and the AVX2 form's tail).
void score_loop(const Bm25Kernel& kernel, double weight,
                const index_internal::SegmentReader::FieldLengths& lengths, const DocId* docs,
                const std::uint32_t* freqs_minus_one, std::uint32_t n, double* out) noexcept {
  const Bm25Kernel k = kernel;
  const auto column = lengths;
  for (std::uint32_t i = 0; i < n; ++i) {
    out[i] = k.score(weight * (freqs_minus_one[i] + 1), weight * column.of_valid(docs[i]));
  }
}

#if TRAWL_HAVE_AVX2_KERNELS
// Unsigned 32-bit integers to doubles, exactly: biased into the signed range, converted, and
// the bias added back (every such value is a double).
TRAWL_TARGET_AVX2 inline __m256d to_double(__m128i values) noexcept {
  const __m128i biased = _mm_xor_si128(values, _mm_set1_epi32(INT32_MIN));
  return _mm256_add_pd(_mm256_cvtepi32_pd(biased), _mm256_set1_pd(2147483648.0));
}

// Four documents a step: their lengths read one by one (rows of the length column), the
// arithmetic Bm25Kernel::score's, operation for operation.
TRAWL_TARGET_AVX2 void score_avx2(const Bm25Kernel& kernel, double weight,
                                  const index_internal::SegmentReader::FieldLengths& lengths,
                                  const DocId* docs, const std::uint32_t* freqs_minus_one,
                                  std::uint32_t n, double* out) noexcept {
  const __m256d scale = _mm256_set1_pd(kernel.scale);
  const __m256d norm_base = _mm256_set1_pd(kernel.norm_base);
  const __m256d norm_slope = _mm256_set1_pd(kernel.norm_slope);
  const __m256d weights = _mm256_set1_pd(weight);
  const __m128i one = _mm_set1_epi32(1);
  std::uint32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m128i freqs =
        _mm_add_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(freqs_minus_one + i)), one);
    const __m128i length = _mm_setr_epi32(static_cast<int>(lengths.of_valid(docs[i])),
                                          static_cast<int>(lengths.of_valid(docs[i + 1])),
                                          static_cast<int>(lengths.of_valid(docs[i + 2])),
                                          static_cast<int>(lengths.of_valid(docs[i + 3])));
    const __m256d tf = _mm256_mul_pd(weights, to_double(freqs));
    const __m256d dl = _mm256_mul_pd(weights, to_double(length));
    const __m256d norm = _mm256_add_pd(norm_base, _mm256_mul_pd(norm_slope, dl));
    _mm256_storeu_pd(out + i, _mm256_div_pd(_mm256_mul_pd(scale, tf), _mm256_add_pd(tf, norm)));
  }
  score_loop(kernel, weight, lengths, docs + i, freqs_minus_one + i, n - i, out + i);
}
#endif

}  // namespace

void bm25_one_field_block(const Bm25Kernel& kernel, double weight,
                          const index_internal::SegmentReader::FieldLengths& lengths,
                          const DocId* docs, const std::uint32_t* freqs_minus_one, std::uint32_t n,
                          double* out) noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  if (util::cpu_has_avx2()) {
    score_avx2(kernel, weight, lengths, docs, freqs_minus_one, n, out);
    return;
  }
#endif
  score_loop(kernel, weight, lengths, docs, freqs_minus_one, n, out);
}

void bm25_one_field_block_portable(const Bm25Kernel& kernel, double weight,
                                   const index_internal::SegmentReader::FieldLengths& lengths,
                                   const DocId* docs, const std::uint32_t* freqs_minus_one,
                                   std::uint32_t n, double* out) noexcept {
  score_loop(kernel, weight, lengths, docs, freqs_minus_one, n, out);
}

}  // namespace trawl::search_internal
