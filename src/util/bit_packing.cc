#include "util/bit_packing.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

#include "util/cpu.h"

#if TRAWL_HAVE_AVX2_KERNELS
#include <immintrin.h>
#endif

namespace trawl::util {

std::uint32_t bits_needed(const std::uint32_t* values, std::size_t n) noexcept {
  std::uint32_t any = 0;
  for (std::size_t i = 0; i < n; ++i) any |= values[i];
  return static_cast<std::uint32_t>(std::bit_width(any));
}

void encode_block(const std::uint32_t* values, std::size_t n, std::string& out) {
  const std::uint32_t width = bits_needed(values, n);
  const std::size_t start = out.size();
  out.resize(start + packed_size(n, width), '\0');
  auto* p = reinterpret_cast<std::uint8_t*>(out.data() + start);
  *p++ = static_cast<std::uint8_t>(width);
  if (width == 0) return;
  std::uint64_t accumulator = 0;
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    accumulator |= static_cast<std::uint64_t>(values[i]) << bits;
    bits += width;
    while (bits >= 8) {
      *p++ = static_cast<std::uint8_t>(accumulator);
      accumulator >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *p = static_cast<std::uint8_t>(accumulator);
}

const std::uint8_t* decode_block_reference(const std::uint8_t* p, const std::uint8_t* end,
                                           std::size_t n, std::uint32_t* out) noexcept {
  const std::size_t size = packed_block_size(p, end, n);
  if (size == 0) return nullptr;
  const std::uint32_t width = *p;
  const std::uint8_t* data = p + 1;
  const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
  std::uint64_t accumulator = 0;
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    while (bits < width) {
      accumulator |= static_cast<std::uint64_t>(*data++) << bits;
      bits += 8;
    }
    out[i] = static_cast<std::uint32_t>(accumulator & mask);
    accumulator >>= width;
    bits -= width;
  }
  return p + size;
}

namespace {

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

// Eight values of kWidth bits: exactly kWidth bytes, so every shift and offset below is a
// constant and the loop unrolls to a load, shift and mask per value (one load for all eight
// up to 8 bits). Reads at most 8 bytes from `data`, as the one-value loop below does.
template <std::uint32_t kWidth>
void unpack8(const std::uint8_t* data, std::uint32_t* out) noexcept {
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kWidth) - 1;
  if constexpr (kWidth <= 8) {
    const std::uint64_t word = load_le64(data);
    for (std::uint32_t j = 0; j < 8; ++j) {
      out[j] = static_cast<std::uint32_t>((word >> (j * kWidth)) & kMask);
    }
  } else {
    for (std::uint32_t j = 0; j < 8; ++j) {
      const std::uint32_t bit = j * kWidth;
      out[j] = static_cast<std::uint32_t>((load_le64(data + (bit >> 3)) >> (bit & 7)) & kMask);
    }
  }
}

// One unaligned 64-bit load per value (shift <= 7, width <= 32: 39 bits fit), eight values at a
// time while eight remain (measured: 40% fewer instructions decoding a term's blocks than one
// value at a time).
template <std::uint32_t kWidth>
void unpack(const std::uint8_t* data, std::size_t n, std::uint32_t* out) noexcept {
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kWidth) - 1;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) unpack8<kWidth>(data + i / 8 * kWidth, out + i);
  for (; i < n; ++i) {
    const std::size_t bit = i * kWidth;
    out[i] = static_cast<std::uint32_t>((load_le64(data + (bit >> 3)) >> (bit & 7)) & kMask);
  }
}

using Unpacker = void (*)(const std::uint8_t*, std::size_t, std::uint32_t*) noexcept;

template <std::uint32_t... kWidths>
constexpr std::array<Unpacker, sizeof...(kWidths)> unpackers(
    std::integer_sequence<std::uint32_t, kWidths...>) {
  return {&unpack<kWidths + 1>...};
}

// unpackers()[width - 1] decodes `width`-bit values, width 1..32.
constexpr auto kUnpackers = unpackers(std::make_integer_sequence<std::uint32_t, 32>{});

#if TRAWL_HAVE_AVX2_KERNELS
// Eight values of w bits are w bytes. Each 32-bit lane gathers the four bytes that hold its
// value (one shuffle), shifts it down by its own bit offset (one variable shift) and masks it:
// a value starts at most 7 bits into its first byte, so up to 25 bits it fits in those four
// bytes. The shuffle works within 128-bit halves, so the high half's four values are loaded
// from the byte where the fifth value starts.
inline constexpr std::uint32_t kAvx2MaxWidth = 25;

struct Avx2Layout {
  std::uint8_t shuffle[32];
  std::uint32_t shifts[8];
  std::uint32_t high_offset;  // bytes from the group's start to the high half's load
};

constexpr Avx2Layout avx2_layout(std::uint32_t width) {
  Avx2Layout layout{};
  layout.high_offset = 4 * width / 8;
  for (std::uint32_t j = 0; j < 8; ++j) {
    const std::uint32_t bit = j * width;
    const std::uint32_t base = j < 4 ? 0 : layout.high_offset;
    for (std::uint32_t b = 0; b < 4; ++b) {
      layout.shuffle[4 * j + b] = static_cast<std::uint8_t>(bit / 8 - base + b);
    }
    layout.shifts[j] = bit % 8;
  }
  return layout;
}

constexpr auto kAvx2Layouts = [] {
  std::array<Avx2Layout, kAvx2MaxWidth + 1> layouts{};
  for (std::uint32_t width = 1; width <= kAvx2MaxWidth; ++width) {
    layouts[width] = avx2_layout(width);
  }
  return layouts;
}();

// Decodes whole groups of eight while both 16-byte loads of a group lie before `readable_end`
// and returns how many values it decoded (a multiple of 8). REQUIRES: 1 <= width <= 25.
TRAWL_TARGET_AVX2 std::size_t unpack_avx2(const std::uint8_t* data, std::size_t n,
                                          std::uint32_t width, std::uint32_t* out,
                                          const std::uint8_t* readable_end) noexcept {
  const Avx2Layout& layout = kAvx2Layouts[width];
  const __m256i shuffle = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(layout.shuffle));
  const __m256i shifts = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(layout.shifts));
  const __m256i mask = _mm256_set1_epi32(static_cast<int>((std::uint32_t{1} << width) - 1));
  // Group g reads bytes [g * width, g * width + high_offset + 16).
  const auto readable = static_cast<std::size_t>(readable_end - data);
  const std::size_t reach = layout.high_offset + 16;
  const std::size_t groups = readable < reach ? 0 : std::min(n / 8, (readable - reach) / width + 1);
  const std::uint8_t* p = data;
  for (std::size_t g = 0; g < groups; ++g, p += width) {
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + layout.high_offset));
    __m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1);
    v = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(v, shuffle), shifts), mask);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * g), v);
  }
  return groups * 8;
}
#endif

const std::uint8_t* decode(const std::uint8_t* p, const std::uint8_t* end, std::size_t n,
                           std::uint32_t* out, const std::uint8_t* readable_end,
                           bool kernels) noexcept {
  const std::size_t size = packed_block_size(p, end, n);
  if (size == 0) return nullptr;
  const std::uint32_t width = *p;
  if (width == 0) {
    std::memset(out, 0, n * sizeof(std::uint32_t));
    return p + size;
  }
  if (readable_end < end || static_cast<std::size_t>(readable_end - p) < size + kMaxOverread) {
    return decode_block_reference(p, end, n, out);
  }
  std::size_t done = 0;
#if TRAWL_HAVE_AVX2_KERNELS
  if (kernels && width <= kAvx2MaxWidth) done = unpack_avx2(p + 1, n, width, out, readable_end);
#else
  (void)kernels;
#endif
  kUnpackers[width - 1](p + 1 + done / 8 * width, n - done, out + done);
  return p + size;
}

}  // namespace

const std::uint8_t* decode_block(const std::uint8_t* p, const std::uint8_t* end, std::size_t n,
                                 std::uint32_t* out, const std::uint8_t* readable_end) noexcept {
  return decode(p, end, n, out, readable_end, cpu_has_avx2());
}

const std::uint8_t* decode_block_portable(const std::uint8_t* p, const std::uint8_t* end,
                                          std::size_t n, std::uint32_t* out,
                                          const std::uint8_t* readable_end) noexcept {
  return decode(p, end, n, out, readable_end, false);
}

}  // namespace trawl::util
