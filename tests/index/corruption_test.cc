// Damaged index files are reported as errors naming the file; nothing crashes or reads out of
// bounds (this suite is meant to run under AddressSanitizer).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "support/random_text.h"
#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Opens the index and reads everything; returns the first error.
trawl::Status read_everything(const std::string& path) {
  auto reader = trawl::IndexReader::open(path);
  if (!reader) return reader.error();
  for (std::size_t s = 0; s < reader->segment_count(); ++s) {
    for (const char* field : {"id", "body"}) {
      auto terms = reader->terms(s, field);
      if (!terms) return terms.error();
      for (const std::string& term : *terms) {
        auto cursor = reader->postings(s, field, term);
        if (!cursor) return cursor.error();
        for (; *cursor && (*cursor)->docid() != trawl::kTerminated; (*cursor)->next()) {
          (*cursor)->positions();
        }
        if (*cursor && !(*cursor)->status().ok()) return (*cursor)->status();
      }
    }
    for (trawl::DocId d = 0; d < reader->segment_info(s).doc_count; ++d) {
      auto stored = reader->stored(s, d);
      if (!stored) return stored.error();
    }
  }
  return reader->check();
}

}  // namespace

TEST_CASE("Corruption: flipped and truncated bytes in every file kind", "[index]") {
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  {
    trawl::Schema schema;
    schema.add_keyword("id").add_text("body").set_unique_key("id");
    auto writer = trawl::IndexWriter::open(path, schema);
    REQUIRE(writer.has_value());
    std::mt19937_64 rng(5);
    for (int i = 0; i < 400; ++i) {
      REQUIRE(writer
                  ->add(trawl::Document()
                            .add("id", std::to_string(i))
                            .add("body", trawl::test::random_text(rng, 60)))
                  .ok());
    }
    REQUIRE(writer->commit().ok());
  }
  REQUIRE(read_everything(path).ok());

  std::mt19937_64 rng(11);
  int damaged_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    const std::string file = entry.path().string();
    const std::string name = entry.path().filename().string();
    if (name == "write.lock") continue;
    CAPTURE(name);
    ++damaged_files;
    const std::string original = slurp(file);
    for (int trial = 0; trial < 12; ++trial) {
      std::string bytes = original;
      const std::size_t at = rng() % bytes.size();
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << (rng() % 8)));
      spit(file, bytes);
      CAPTURE(at);
      const trawl::Status status = read_everything(path);
      CHECK_FALSE(status.ok());
      CHECK((status.is_corruption() || status.is_not_supported()));
    }
    for (std::size_t size : {std::size_t{0}, std::size_t{16}, original.size() / 2,
                             original.size() - 1}) {
      spit(file, original.substr(0, size));
      CAPTURE(size);
      const trawl::Status status = read_everything(path);
      CHECK(status.is_corruption());
    }
    spit(file, original);
  }
  CHECK(damaged_files == 9);  // MANIFEST and the eight files of the one segment
  CHECK(read_everything(path).ok());
}
