#include "util/packed_array.h"

#include <algorithm>
#include <numeric>

namespace trawl::util {

void append_packed(std::string& out, const std::vector<std::uint64_t>& values, bool rising) {
  PackedArray array;
  const std::uint64_t n = values.size();
  if (rising && n > 1 && values.back() >= values.front()) {
    array.slope = (values.back() - values.front()) / (n - 1);
  }
  // Offsets from the line base + slope * i: the smallest is the base (as signed numbers, so
  // that negative numbers of a numeric field come before positive ones).
  std::vector<std::uint64_t> offsets(values.size());
  for (std::uint64_t i = 0; i < n; ++i) offsets[i] = values[i] - array.slope * i;
  array.base = n == 0 ? 0
                      : *std::min_element(offsets.begin(), offsets.end(),
                                          [](std::uint64_t a, std::uint64_t b) {
                                            return static_cast<std::int64_t>(a) <
                                                   static_cast<std::int64_t>(b);
                                          });
  std::uint64_t divisor = 0, largest = 0;
  for (std::uint64_t& r : offsets) {
    r -= array.base;
    divisor = std::gcd(divisor, r);
    largest = std::max(largest, r);
  }
  array.scale = divisor == 0 ? 1 : divisor;
  largest /= array.scale;
  array.bits = largest == 0 ? 0 : 64 - static_cast<std::uint32_t>(__builtin_clzll(largest));
  if (array.bits > 56) array.bits = 64;

  out.push_back(static_cast<char>(array.bits));
  put_fixed64(out, array.base);
  put_fixed64(out, array.slope);
  put_fixed64(out, array.scale);
  if (array.bits == 64 || array.bits == 32) {
    for (const std::uint64_t r : offsets) {
      if (array.bits == 64) {
        put_fixed64(out, r / array.scale);
      } else {
        put_fixed32(out, static_cast<std::uint32_t>(r / array.scale));
      }
    }
    return;
  }
  if (array.bits == 0) return;
  std::string data(array.data_bytes(n), '\0');
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t r = offsets[i] / array.scale;
    const std::uint64_t bit = i * array.bits;
    // At most 56 bits from a bit offset below 8: within one 8-byte word.
    auto* p = reinterpret_cast<std::uint8_t*>(data.data()) + bit / 8;
    std::uint64_t word = load_fixed64(p) | (r << (bit % 8));
    for (int b = 0; b < 8; ++b) p[b] = static_cast<std::uint8_t>(word >> (8 * b));
  }
  out += data;
}

std::optional<PackedArray> parse_packed_header(const std::uint8_t* p) noexcept {
  PackedArray array;
  array.bits = p[0];
  if (array.bits > 56 && array.bits != 64) return std::nullopt;
  array.base = load_fixed64(p + 1);
  array.slope = load_fixed64(p + 9);
  array.scale = load_fixed64(p + 17);
  return array;
}

}  // namespace trawl::util
