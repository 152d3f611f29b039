// Impacts: what a postings block's skip entry says of the scores its documents can reach. BM25
// rises with a term's frequency and falls with the field's length, so only the block's Pareto
// set of (frequency, length) pairs matters: a pair no other beats on both (Lucene's impacts).
// The largest score of any pair in it is the block's best score, where the largest frequency
// with the smallest length (the skip entry's two numbers) may be far above any document's.
#ifndef TRAWL_SRC_INDEX_IMPACTS_H_
#define TRAWL_SRC_INDEX_IMPACTS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace trawl::index_internal {

struct Impact {
  std::uint32_t freq = 0;
  std::uint32_t length = 0;
};

/// At most this many pairs per block: past it, neighbours are merged into one pair that bounds
/// both (the higher frequency with the smaller length), so a bound stays a bound.
inline constexpr std::size_t kMaxImpacts = 8;

struct Impacts {
  std::array<Impact, kMaxImpacts> pairs{};
  std::size_t count = 0;  // pairs in order of frequency (and so of length), both rising
};

/// The impacts of a block of n documents (frequencies minus one, field lengths), n >= 1.
Impacts block_impacts(const std::uint32_t* freqs_minus_one, const std::uint32_t* lengths,
                      std::size_t n);

/// Appends the encoding of `impacts` (docs/format/segment.md): nothing for one pair, which the
/// skip entry's largest frequency and smallest length already are.
void encode_impacts(const Impacts& impacts, std::string& out);

/// Decodes [p, end) as encode_impacts wrote it for a block whose largest frequency and smallest
/// length are `max_freq` and `min_length`; false if the bytes are malformed or disagree.
bool decode_impacts(const std::uint8_t* p, const std::uint8_t* end, std::uint32_t max_freq,
                    std::uint32_t min_length, Impacts& out);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_IMPACTS_H_
