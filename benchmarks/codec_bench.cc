// The postings codec in integers per second: frame-of-reference bit packing of 128-value blocks
// (util/bit_packing.h), the decoder postings use (AVX2 up to 25 bits where the processor has
// it) against its portable form (one unaligned load per value, specialised per width) and the
// byte-wise reference decoder; gaps summed into documents (util/gaps.h); varints for comparison.
//
//   BM_Codec_Encode/width           encode_block
//   BM_Codec_Decode/width           decode_block (what postings use)
//   BM_Codec_DecodePortable/width   decode_block_portable (processors without AVX2)
//   BM_Codec_DecodeReference/width  decode_block_reference
//   BM_Codec_Gaps/width             gaps_to_documents over decoded blocks
//   BM_Codec_GapsPortable/width     gaps_to_documents_portable
//   BM_Codec_Varint/width           get_varint over the same values
//
// items_per_second counts integers. Fixed seed; run a claim with --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true and read the medians.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "util/bit_packing.h"
#include "util/gaps.h"
#include "util/varint.h"

namespace {

constexpr std::size_t kBlocks = 1024;
constexpr std::size_t kValues = kBlocks * trawl::util::kBlockSize;

// Values of exactly `width` bits at most (the block's width is that of its largest value).
std::vector<std::uint32_t> values_of_width(int width) {
  std::mt19937_64 rng(42);
  const std::uint64_t limit = width == 0 ? 1 : (std::uint64_t{1} << width);
  std::vector<std::uint32_t> values(kValues);
  for (auto& value : values) value = static_cast<std::uint32_t>(rng() % limit);
  return values;
}

std::string encoded_blocks(const std::vector<std::uint32_t>& values) {
  std::string out;
  for (std::size_t b = 0; b < kBlocks; ++b) {
    trawl::util::encode_block(values.data() + b * trawl::util::kBlockSize, trawl::util::kBlockSize,
                              out);
  }
  out.append(trawl::util::kMaxOverread, '\0');
  return out;
}

void BM_Codec_Encode(benchmark::State& state) {
  const auto values = values_of_width(static_cast<int>(state.range(0)));
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (std::size_t b = 0; b < kBlocks; ++b) {
      trawl::util::encode_block(values.data() + b * trawl::util::kBlockSize,
                                trawl::util::kBlockSize, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

enum class Decoder { kDispatched, kPortable, kReference };

template <Decoder kDecoder>
void decode(benchmark::State& state) {
  const std::string data = encoded_blocks(values_of_width(static_cast<int>(state.range(0))));
  const auto* begin = reinterpret_cast<const std::uint8_t*>(data.data());
  const auto* end = begin + data.size();
  constexpr std::size_t n = trawl::util::kBlockSize;
  std::vector<std::uint32_t> out(n);
  for (auto _ : state) {
    const std::uint8_t* p = begin;
    for (std::size_t b = 0; b < kBlocks; ++b) {
      if constexpr (kDecoder == Decoder::kDispatched) {
        p = trawl::util::decode_block(p, end, n, out.data());
      } else if constexpr (kDecoder == Decoder::kPortable) {
        p = trawl::util::decode_block_portable(p, end, n, out.data(), end);
      } else {
        p = trawl::util::decode_block_reference(p, end, n, out.data());
      }
      benchmark::DoNotOptimize(out.data());
    }
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

void BM_Codec_Decode(benchmark::State& state) { decode<Decoder::kDispatched>(state); }
void BM_Codec_DecodePortable(benchmark::State& state) { decode<Decoder::kPortable>(state); }
void BM_Codec_DecodeReference(benchmark::State& state) { decode<Decoder::kReference>(state); }

// Gaps of at most `width` bits (odd, so none is zero), each block summed from document 0.
template <bool kPortable>
void gaps(benchmark::State& state) {
  auto values = values_of_width(static_cast<int>(state.range(0)));
  for (auto& value : values) value |= 1;
  std::vector<std::uint32_t> block(trawl::util::kBlockSize);
  for (auto _ : state) {
    for (std::size_t b = 0; b < kBlocks; ++b) {
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(b * block.size()), block.size(),
                  block.begin());
      const bool ok =
          kPortable ? trawl::util::gaps_to_documents_portable(block.data(), block.size(), 0, true)
                    : trawl::util::gaps_to_documents(block.data(), block.size(), 0, true);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(block.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

void BM_Codec_Gaps(benchmark::State& state) { gaps<false>(state); }
void BM_Codec_GapsPortable(benchmark::State& state) { gaps<true>(state); }

void BM_Codec_Varint(benchmark::State& state) {
  const auto values = values_of_width(static_cast<int>(state.range(0)));
  std::string data;
  for (std::uint32_t value : values) trawl::util::put_varint(data, value);
  const auto* begin = reinterpret_cast<const std::uint8_t*>(data.data());
  const auto* end = begin + data.size();
  for (auto _ : state) {
    const std::uint8_t* p = begin;
    std::uint64_t sum = 0, value = 0;
    while (p < end && trawl::util::get_varint(p, end, value)) sum += value;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

#define TRAWL_CODEC_WIDTHS ArgName("width")->Arg(1)->Arg(4)->Arg(8)->Arg(13)->Arg(20)->Arg(32)
BENCHMARK(BM_Codec_Encode)->TRAWL_CODEC_WIDTHS;
BENCHMARK(BM_Codec_Decode)->TRAWL_CODEC_WIDTHS;
BENCHMARK(BM_Codec_DecodePortable)->TRAWL_CODEC_WIDTHS;
BENCHMARK(BM_Codec_DecodeReference)->TRAWL_CODEC_WIDTHS;
BENCHMARK(BM_Codec_Gaps)->ArgName("width")->Arg(4)->Arg(13);
BENCHMARK(BM_Codec_GapsPortable)->ArgName("width")->Arg(4)->Arg(13);
BENCHMARK(BM_Codec_Varint)->TRAWL_CODEC_WIDTHS;

}  // namespace
