#include "util/gaps.h"

#include "util/cpu.h"

#if TRAWL_HAVE_AVX2_KERNELS
#include <immintrin.h>
#endif

namespace trawl::util {

namespace {

// One document at a time, summed in 64 bits; from `i` on, after `base`.
bool sum_portable(std::uint32_t* values, std::size_t i, std::size_t n, std::uint32_t base,
                  bool first_may_be_zero) noexcept {
  std::uint64_t document = base;
  for (; i < n; ++i) {
    if (values[i] == 0 && !(i == 0 && first_may_be_zero)) return false;
    document += values[i];
    if (document > UINT32_MAX) return false;
    values[i] = static_cast<std::uint32_t>(document);
  }
  return true;
}

#if TRAWL_HAVE_AVX2_KERNELS
// Eight at a time: a prefix sum within each 128-bit half (two shifted adds), the low half's
// total carried into the high half, the block's running total into both. The sums wrap at 2^32
// in the registers; the first sum that wraps is below its own gap (a + b < b exactly when
// a + b wraps) and each sum is checked so, since the ones after it could look sound again.
TRAWL_TARGET_AVX2 bool sum_avx2(std::uint32_t* values, std::size_t n, std::uint32_t base,
                                bool first_may_be_zero) noexcept {
  const __m256i zero = _mm256_setzero_si256();
  __m256i carry = _mm256_set1_epi32(static_cast<int>(base));
  __m256i zero_gaps = zero;  // lanes that held a gap of zero
  // The one lane where a zero gap may be sound: the first, in the first group only.
  __m256i zero_allowed = first_may_be_zero ? _mm256_setr_epi32(-1, 0, 0, 0, 0, 0, 0, 0) : zero;
  __m256i sound = _mm256_cmpeq_epi32(zero, zero);  // lanes whose every sum is >= its gap
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    auto* at = reinterpret_cast<__m256i*>(values + i);
    const __m256i gaps = _mm256_loadu_si256(at);
    __m256i sums = _mm256_add_epi32(gaps, _mm256_slli_si256(gaps, 4));
    sums = _mm256_add_epi32(sums, _mm256_slli_si256(sums, 8));
    sums = _mm256_add_epi32(
        sums, _mm256_shuffle_epi32(_mm256_permute2x128_si256(sums, sums, 0x08), 0xFF));
    sums = _mm256_add_epi32(sums, carry);
    zero_gaps = _mm256_or_si256(zero_gaps,
                                _mm256_andnot_si256(zero_allowed, _mm256_cmpeq_epi32(gaps, zero)));
    zero_allowed = zero;
    sound = _mm256_and_si256(sound, _mm256_cmpeq_epi32(_mm256_max_epu32(sums, gaps), sums));
    _mm256_storeu_si256(at, sums);
    carry = _mm256_permutevar8x32_epi32(sums, _mm256_set1_epi32(7));
  }
  if (_mm256_movemask_ps(_mm256_castsi256_ps(zero_gaps)) != 0 ||
      _mm256_movemask_ps(_mm256_castsi256_ps(sound)) != 0xFF)
    return false;
  if (i == n) return true;
  return sum_portable(values, i, n, i == 0 ? base : values[i - 1], first_may_be_zero && i == 0);
}
#endif

}  // namespace

bool gaps_to_documents(std::uint32_t* values, std::size_t n, std::uint32_t base,
                       bool first_may_be_zero) noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  if (cpu_has_avx2()) return sum_avx2(values, n, base, first_may_be_zero);
#endif
  return sum_portable(values, 0, n, base, first_may_be_zero);
}

bool gaps_to_documents_portable(std::uint32_t* values, std::size_t n, std::uint32_t base,
                                bool first_may_be_zero) noexcept {
  return sum_portable(values, 0, n, base, first_may_be_zero);
}

}  // namespace trawl::util
