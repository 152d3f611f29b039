// IndexWriterOptions::ram_budget_bytes holds: the heap a writer takes while indexing, and while
// force_merge renumbers the documents of an index several times the budget's size, stays
// within the budget plus a fixed overhead. Measured with the counting operator new of
// support/heap_counter.h (so this runs in the allocation suite, in the Release build).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "support/heap_counter.h"
#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

// Text whose words follow Zipf's law over a large vocabulary, as natural language does: many
// words shared by some documents (what reordering weighs), a long tail held by few.
class ZipfText {
 public:
  ZipfText(std::size_t vocabulary, std::uint64_t seed) : rng_(seed) {
    cumulative_.reserve(vocabulary);
    double sum = 0;
    for (std::size_t rank = 1; rank <= vocabulary; ++rank) {
      sum += 1.0 / static_cast<double>(rank);
      cumulative_.push_back(sum);
    }
  }
  std::string words(std::size_t count) {
    std::string text;
    std::uniform_real_distribution<double> uniform(0, cumulative_.back());
    for (std::size_t i = 0; i < count; ++i) {
      const auto rank = static_cast<std::size_t>(
          std::lower_bound(cumulative_.begin(), cumulative_.end(), uniform(rng_)) -
          cumulative_.begin());
      text += word(rank);
      text += ' ';
    }
    return text;
  }

 private:
  // A pronounceable word per rank, never a stop word nor one the stemmer folds with another.
  static std::string word(std::size_t rank) {
    static constexpr char kConsonants[] = "bdfgklmnprstvz";
    static constexpr char kVowels[] = "aeiou";
    std::string w = "q";
    do {
      w += kConsonants[rank % 14];
      rank /= 14;
      w += kVowels[rank % 5];
      rank /= 5;
    } while (rank != 0);
    return w;
  }
  std::mt19937_64 rng_;
  std::vector<double> cumulative_;
};

}  // namespace

TEST_CASE("A writer's heap stays within its RAM budget while indexing and merging", "[index]") {
  if (!trawl::test::heap_counted()) {
    SUCCEED("heap counting is off under AddressSanitizer (scripts/test runs it in Release)");
    return;
  }
  constexpr std::size_t kBudget = std::size_t{4} << 20;
  // What a writer holds besides its budget (docs/ARCHITECTURE.md, "Memory"): the analysers'
  // and the segment writer's buffers, and here the test's own documents...
  constexpr std::size_t kFixed = std::size_t{4} << 20;
  // ...and in a merge, per merged document, the maps between old and new numbers and the
  // merged segment's value columns, written at its end.
  constexpr std::size_t kPerMergedDocument = 128;
  constexpr int kDocuments = 30'000;
  trawl::test::TempDir dir;
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").add_numeric("year").set_unique_key("id");
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = kBudget;
  ZipfText text(200'000, 17);
  std::size_t text_bytes = 0;

  trawl::test::reset_heap_peak();
  const std::size_t before = trawl::test::heap_live_bytes();
  {
    auto writer = trawl::IndexWriter::open(dir.path(), schema, options);
    REQUIRE(writer.has_value());
    for (int i = 0; i < kDocuments; ++i) {
      trawl::Document doc;
      doc.add("id", std::to_string(i))
          .add("body", text.words(150))
          .add("year", std::int64_t{1990 + i % 30});
      text_bytes += doc.byte_size();
      REQUIRE(writer->add(doc).ok());
    }
    REQUIRE(writer->commit().ok());
    REQUIRE(writer->wait_for_merges().ok());
    const std::size_t indexing = trawl::test::heap_peak_bytes() - before;
    CAPTURE(text_bytes, indexing);
    CHECK(text_bytes > 6 * kBudget);
    CHECK(indexing <= kBudget + kFixed);

    trawl::test::reset_heap_peak();
    REQUIRE(writer->force_merge(1).ok());
    const std::size_t merging = trawl::test::heap_peak_bytes() - before;
    CAPTURE(merging);
    CHECK(merging <= kBudget + kFixed + kPerMergedDocument * kDocuments);
  }
  auto reader = trawl::IndexReader::open(dir.path());
  REQUIRE(reader.has_value());
  CHECK(reader->doc_count() == kDocuments);
  CHECK(reader->segment_count() == 1);
  CHECK(reader->check().ok());
}
