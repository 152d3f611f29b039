#include "index/impacts.h"

#include <algorithm>

#include "util/bit_packing.h"
#include "util/varint.h"

namespace trawl::index_internal {

namespace {

// Blocks whose frequencies are all below this are summarised without sorting.
constexpr std::uint32_t kSmallFrequencies = 64;

}  // namespace

Impacts block_impacts(const std::uint32_t* freqs_minus_one, const std::uint32_t* lengths,
                      std::size_t n) {
  std::array<Impact, util::kBlockSize> all;
  n = std::min(n, all.size());
  std::uint32_t top = 0;  // the largest frequency minus one
  for (std::size_t i = 0; i < n; ++i) top = std::max(top, freqs_minus_one[i]);
  // A pair is competitive when its length is below every length of a higher frequency. Taken
  // by frequency falling, the competitive pairs (compacted to the front of `all`) are those
  // whose length is below the last one kept.
  std::size_t kept = 0;
  if (top < kSmallFrequencies) {
    // Most blocks: the smallest length of each frequency, then the frequencies falling, with
    // no sort (an indexing profile put the sort at 4% of a flush's time).
    std::array<std::uint32_t, kSmallFrequencies> shortest;
    shortest.fill(UINT32_MAX);
    for (std::size_t i = 0; i < n; ++i) {
      shortest[freqs_minus_one[i]] = std::min(shortest[freqs_minus_one[i]], lengths[i]);
    }
    for (std::uint32_t f = top + 1; f-- > 0;) {
      if (shortest[f] != UINT32_MAX && (kept == 0 || shortest[f] < all[kept - 1].length)) {
        all[kept++] = {f + 1, shortest[f]};
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) all[i] = {freqs_minus_one[i] + 1, lengths[i]};
    std::sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n),
              [](const Impact& a, const Impact& b) {
                return a.freq != b.freq ? a.freq > b.freq : a.length < b.length;
              });
    for (std::size_t i = 0; i < n; ++i) {
      if (kept == 0 || all[i].length < all[kept - 1].length) all[kept++] = all[i];
    }
  }
  std::reverse(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept));
  while (kept > kMaxImpacts) {
    // Merge the neighbours closest in frequency: the merged pair's score exceeds theirs least.
    std::size_t at = 0;
    for (std::size_t i = 1; i + 1 < kept; ++i) {
      if (all[i + 1].freq - all[i].freq < all[at + 1].freq - all[at].freq) at = i;
    }
    all[at + 1].length = all[at].length;
    std::copy(all.begin() + static_cast<std::ptrdiff_t>(at + 1),
              all.begin() + static_cast<std::ptrdiff_t>(kept), all.begin() + static_cast<std::ptrdiff_t>(at));
    --kept;
  }
  Impacts impacts;
  impacts.count = kept;
  std::copy(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept), impacts.pairs.begin());
  return impacts;
}

void encode_impacts(const Impacts& impacts, std::string& out) {
  if (impacts.count < 2) return;
  // The first pair's length is the smallest (the skip entry's), so only its frequency is
  // written; every later pair is its rises from the pair before, the last reaching the skip
  // entry's largest frequency.
  util::put_varint(out, impacts.pairs[0].freq);
  for (std::size_t i = 1; i < impacts.count; ++i) {
    util::put_varint(out, impacts.pairs[i].freq - impacts.pairs[i - 1].freq);
    util::put_varint(out, impacts.pairs[i].length - impacts.pairs[i - 1].length);
  }
}

bool decode_impacts(const std::uint8_t* p, const std::uint8_t* end, std::uint32_t max_freq,
                    std::uint32_t min_length, Impacts& out) {
  out.count = 1;
  out.pairs[0] = {max_freq, min_length};
  if (p == end) return true;
  std::uint32_t freq = 0;
  if (!util::get_varint32(p, end, freq) || freq == 0 || freq >= max_freq) return false;
  out.pairs[0] = {freq, min_length};
  std::uint64_t length = min_length;
  // Frequencies and lengths rise strictly, and the pair reaching max_freq ends the bytes.
  while (out.count < kMaxImpacts) {
    std::uint32_t rise = 0, grow = 0;
    if (!util::get_varint32(p, end, rise) || rise == 0 || rise > max_freq - freq ||
        !util::get_varint32(p, end, grow) || grow == 0 || length + grow > UINT32_MAX) {
      return false;
    }
    freq += rise;
    length += grow;
    out.pairs[out.count++] = {freq, static_cast<std::uint32_t>(length)};
    if (freq == max_freq) return p == end;
  }
  return false;
}

}  // namespace trawl::index_internal
