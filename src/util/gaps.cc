#include "util/gaps.h"

#include "util/cpu.h"

#if TRAWL_HAVE_AVX2_KERNELS
#include <immintrin.h>
#endif

namespace trawl::util {

namespace {

// The portable forms, from `i` on (the AVX2 forms finish their tails with them).

// One document at a time, summed in 64 bits, after `base`.
bool documents_portable(std::uint32_t* values, std::size_t i, std::size_t n, std::uint32_t base,
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

std::uint64_t starts_portable(const std::uint32_t* counts_minus_one, std::size_t i, std::size_t n,
                              std::uint64_t total, std::uint32_t* starts) noexcept {
  for (; i < n; ++i) {
    starts[i] = static_cast<std::uint32_t>(total);
    total += counts_minus_one[i] + std::uint64_t{1};
  }
  starts[n] = static_cast<std::uint32_t>(total);
  return total;
}

void sums_portable(std::uint32_t* values, std::size_t i, std::size_t n,
                   std::uint32_t sum) noexcept {
  for (; i < n; ++i) values[i] = sum += values[i];
}

#if TRAWL_HAVE_AVX2_KERNELS
// The running sums of eight lanes (modulo 2^32) after `carry` (a running total in every lane):
// a prefix sum within each 128-bit half (two shifted adds), the low half's total carried into
// the high half, then the carry into both.
TRAWL_TARGET_AVX2 inline __m256i prefix8(__m256i v, __m256i carry) noexcept {
  v = _mm256_add_epi32(v, _mm256_slli_si256(v, 4));
  v = _mm256_add_epi32(v, _mm256_slli_si256(v, 8));
  v = _mm256_add_epi32(v, _mm256_shuffle_epi32(_mm256_permute2x128_si256(v, v, 0x08), 0xFF));
  return _mm256_add_epi32(v, carry);
}

// The last lane in every lane: the carry into the next eight.
TRAWL_TARGET_AVX2 inline __m256i last_lane(__m256i v) noexcept {
  return _mm256_permutevar8x32_epi32(v, _mm256_set1_epi32(7));
}

// The sums wrap at 2^32 in the registers; the first sum that wraps is below its own gap
// (a + b < b exactly when a + b wraps), so every sum is checked against its gap: the ones after
// a wrap could look sound again.
TRAWL_TARGET_AVX2 bool documents_avx2(std::uint32_t* values, std::size_t n, std::uint32_t base,
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
    const __m256i sums = prefix8(gaps, carry);
    zero_gaps = _mm256_or_si256(zero_gaps,
                                _mm256_andnot_si256(zero_allowed, _mm256_cmpeq_epi32(gaps, zero)));
    zero_allowed = zero;
    sound = _mm256_and_si256(sound, _mm256_cmpeq_epi32(_mm256_max_epu32(sums, gaps), sums));
    _mm256_storeu_si256(at, sums);
    carry = last_lane(sums);
  }
  if (_mm256_movemask_ps(_mm256_castsi256_ps(zero_gaps)) != 0 ||
      _mm256_movemask_ps(_mm256_castsi256_ps(sound)) != 0xFF) {
    return false;
  }
  return documents_portable(values, i, n, i == 0 ? base : values[i - 1],
                            first_may_be_zero && i == 0);
}

// While every count is below 2^24, 128 of them sum below 2^31 and cannot wrap; past that (never
// in a sound index) or for longer arrays the portable loop does them all in 64 bits.
TRAWL_TARGET_AVX2 std::uint64_t starts_avx2(const std::uint32_t* counts_minus_one, std::size_t n,
                                            std::uint32_t* starts) noexcept {
  if (n > 128) return starts_portable(counts_minus_one, 0, n, 0, starts);
  const __m256i one = _mm256_set1_epi32(1);
  __m256i carry = _mm256_setzero_si256();
  __m256i high_bits = _mm256_setzero_si256();  // any count's bits from 2^24 up
  starts[0] = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {  // starts[i + 1, i + 9) sum counts [0, i + 8)
    const __m256i counts =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(counts_minus_one + i));
    high_bits = _mm256_or_si256(high_bits, _mm256_srli_epi32(counts, 24));
    const __m256i sums = prefix8(_mm256_add_epi32(counts, one), carry);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(starts + i + 1), sums);
    carry = last_lane(sums);
  }
  if (!_mm256_testz_si256(high_bits, high_bits)) {
    return starts_portable(counts_minus_one, 0, n, 0, starts);
  }
  return starts_portable(counts_minus_one, i, n, starts[i], starts);
}

TRAWL_TARGET_AVX2 void sums_avx2(std::uint32_t* values, std::size_t n) noexcept {
  __m256i carry = _mm256_setzero_si256();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    auto* at = reinterpret_cast<__m256i*>(values + i);
    const __m256i sums = prefix8(_mm256_loadu_si256(at), carry);
    _mm256_storeu_si256(at, sums);
    carry = last_lane(sums);
  }
  sums_portable(values, i, n, i == 0 ? 0 : values[i - 1]);
}
#endif

}  // namespace

bool gaps_to_documents(std::uint32_t* values, std::size_t n, std::uint32_t base,
                       bool first_may_be_zero) noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  if (cpu_has_avx2()) return documents_avx2(values, n, base, first_may_be_zero);
#endif
  return documents_portable(values, 0, n, base, first_may_be_zero);
}

bool gaps_to_documents_portable(std::uint32_t* values, std::size_t n, std::uint32_t base,
                                bool first_may_be_zero) noexcept {
  return documents_portable(values, 0, n, base, first_may_be_zero);
}

std::uint64_t run_starts(const std::uint32_t* counts_minus_one, std::size_t n,
                         std::uint32_t* starts) noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  if (cpu_has_avx2()) return starts_avx2(counts_minus_one, n, starts);
#endif
  return starts_portable(counts_minus_one, 0, n, 0, starts);
}

std::uint64_t run_starts_portable(const std::uint32_t* counts_minus_one, std::size_t n,
                                  std::uint32_t* starts) noexcept {
  return starts_portable(counts_minus_one, 0, n, 0, starts);
}

void running_sums(std::uint32_t* values, std::size_t n) noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  if (cpu_has_avx2()) {
    sums_avx2(values, n);
    return;
  }
#endif
  sums_portable(values, 0, n, 0);
}

void running_sums_portable(std::uint32_t* values, std::size_t n) noexcept {
  sums_portable(values, 0, n, 0);
}

}  // namespace trawl::util
