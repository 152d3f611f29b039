// bm25_one_field_block (AVX2 where the processor has it) and its portable form against BM25
// written out here from the kernel's constants, to the bit: the block loop must give the scores
// the document-at-a-time scorers give, or pruned and exhaustive hits would differ.
#include "search/similarity/bm25_block.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "index/index_reader_internal.h"
#include "support/body_index.h"
#include "trawl/index/index_writer.h"
#include "trawl/store/directory.h"

namespace {

using trawl::DocId;
using trawl::search_internal::Bm25Kernel;

// The kernel's expression, written out: scale * tf / (tf + (norm_base + norm_slope * dl)).
double by_hand(const Bm25Kernel& kernel, double weight, std::uint32_t freq, std::uint32_t length) {
  const double tf = weight * static_cast<double>(freq);
  const double dl = weight * static_cast<double>(length);
  return kernel.scale * tf / (tf + (kernel.norm_base + kernel.norm_slope * dl));
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof(a)) == 0; }

}  // namespace

TEST_CASE("BM25 over a block equals the formula to the bit, every length and block size",
          "[search]") {
  std::mt19937_64 rng(20261207);
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  // Documents of 1 to 400 words: the field lengths the loop reads.
  std::vector<std::uint32_t> lengths;
  for (int i = 0; i < 600; ++i) {
    const auto words = static_cast<std::uint32_t>(1 + rng() % 400);
    std::string text;
    for (std::uint32_t w = 0; w < words; ++w) text += "w" + std::to_string(rng() % 50) + " ";
    REQUIRE(writer->add(trawl::Document().add("body", text)).ok());
    lengths.push_back(words);
  }
  REQUIRE(writer->commit().ok());
  const auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  const auto& segments = trawl::IndexReaderInternal::segments(*reader);
  REQUIRE(segments.size() == 1);
  const auto field = segments[0]->schema().find("body");
  REQUIRE(field.has_value());
  const auto column = segments[0]->field_lengths(static_cast<std::uint32_t>(*field));
  REQUIRE(column.text());
  for (DocId doc = 0; doc < lengths.size(); ++doc) REQUIRE(column.of_valid(doc) == lengths[doc]);

  for (int round = 0; round < 300; ++round) {
    Bm25Kernel kernel;
    kernel.scale = 0.1 + static_cast<double>(rng() % 1000) / 97.0;
    kernel.norm_base = static_cast<double>(rng() % 100) / 37.0;
    kernel.norm_slope = static_cast<double>(rng() % 100) / 1013.0;
    const double weight = round % 3 == 0 ? 1.0 : 0.25 + static_cast<double>(rng() % 40) / 8.0;
    const auto n = static_cast<std::uint32_t>(1 + rng() % 128);
    std::vector<DocId> docs(n);
    std::vector<std::uint32_t> freqs_minus_one(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      docs[i] = static_cast<DocId>(rng() % lengths.size());
      // Small counts mostly, some past 2^31 (the conversions must be unsigned).
      freqs_minus_one[i] = static_cast<std::uint32_t>(rng() % 16 == 0 ? rng() : rng() % 20);
    }
    CAPTURE(round, n, weight);
    std::vector<double> fast(n), portable(n);
    trawl::search_internal::bm25_one_field_block(kernel, weight, column, docs.data(),
                                                 freqs_minus_one.data(), n, fast.data());
    trawl::search_internal::bm25_one_field_block_portable(
        kernel, weight, column, docs.data(), freqs_minus_one.data(), n, portable.data());
    for (std::uint32_t i = 0; i < n; ++i) {
      const double expected = by_hand(kernel, weight, freqs_minus_one[i] + 1, lengths[docs[i]]);
      CAPTURE(i, docs[i], freqs_minus_one[i], expected, fast[i], portable[i]);
      CHECK(same_bits(fast[i], expected));
      CHECK(same_bits(portable[i], expected));
    }
  }
}
