// The postings codec in integers per second: frame-of-reference bit packing of 128-value blocks
// (util/bit_packing.h), the fast decoder (one unaligned load per value, specialised per width)
// against the byte-wise reference decoder, and varints for comparison.
//
//   BM_Codec_Encode/width           encode_block
//   BM_Codec_Decode/width           decode_block (the fast path postings use)
//   BM_Codec_DecodeReference/width  decode_block_reference
//   BM_Codec_Varint/width           get_varint over the same values
//
// items_per_second counts integers. Fixed seed; run a claim with --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true and read the medians.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "util/bit_packing.h"
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
    trawl::util::encode_block(values.data() + b * trawl::util::kBlockSize,
                              trawl::util::kBlockSize, out);
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

template <bool kReference>
void decode(benchmark::State& state) {
  const std::string data = encoded_blocks(values_of_width(static_cast<int>(state.range(0))));
  const auto* begin = reinterpret_cast<const std::uint8_t*>(data.data());
  const auto* end = begin + data.size();
  std::vector<std::uint32_t> out(trawl::util::kBlockSize);
  for (auto _ : state) {
    const std::uint8_t* p = begin;
    for (std::size_t b = 0; b < kBlocks; ++b) {
      p = kReference ? trawl::util::decode_block_reference(p, end, trawl::util::kBlockSize, out.data())
                     : trawl::util::decode_block(p, end, trawl::util::kBlockSize, out.data());
      benchmark::DoNotOptimize(out.data());
    }
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

void BM_Codec_Decode(benchmark::State& state) { decode<false>(state); }
void BM_Codec_DecodeReference(benchmark::State& state) { decode<true>(state); }

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
BENCHMARK(BM_Codec_DecodeReference)->TRAWL_CODEC_WIDTHS;
BENCHMARK(BM_Codec_Varint)->TRAWL_CODEC_WIDTHS;

}  // namespace
