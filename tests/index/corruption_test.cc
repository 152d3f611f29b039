// Damaged index files are reported as errors naming the file; nothing crashes or reads out of
// bounds (this suite is meant to run under AddressSanitizer).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "support/random_text.h"
#include "support/reframe.h"
#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

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

// A positions file swapped in from another segment is recognised at open by its identity. With
// the other segment's positions under this segment's header and valid checksums (damage no
// checksum sees), decoding positions fails, and neither a phrase search nor a merge reads past
// what was decoded (this read out of bounds before).
TEST_CASE("Corruption: positions swapped between segments are reported, never over-read",
          "[index]") {
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").set_unique_key("id");
  {
    trawl::IndexWriterOptions options;
    options.merge_factor = 0;
    auto writer = trawl::IndexWriter::open(path, schema, options);
    REQUIRE(writer.has_value());
    std::mt19937_64 rng(3);
    for (int segment = 0; segment < 3; ++segment) {
      for (int i = 0; i < 150 * (segment + 1); ++i) {
        const std::string id = std::to_string(segment) + "-" + std::to_string(i);
        std::string body = "boundary layer " + trawl::test::random_text(rng, 20, {false, true});
        if (i % 3 == 0) body += " boundary layer flow";
        REQUIRE(writer->add(trawl::Document().add("id", id).add("body", body)).ok());
      }
      REQUIRE(writer->commit().ok());
    }
  }
  std::vector<std::string> pos;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() == ".pos") pos.push_back(entry.path().filename().string());
  }
  REQUIRE(pos.size() == 3);
  std::sort(pos.begin(), pos.end());
  const std::string first = slurp(path + "/" + pos[0]);
  const std::string third = slurp(path + "/" + pos[2]);
  spit(path + "/" + pos[0], third);
  spit(path + "/" + pos[2], first);
  {
    auto swapped = trawl::IndexReader::open(path);
    REQUIRE_FALSE(swapped.has_value());
    CHECK(swapped.error().is_corruption());
    CHECK(swapped.error().to_string().find(".pos: belongs to another segment") != std::string::npos);
  }
  spit(path + "/" + pos[0], first);
  spit(path + "/" + pos[2], third);
  {
    auto directory = trawl::open_fs_directory(path, false).value();
    const std::string body = trawl::test::framed_body(*directory, pos[2]).value();
    REQUIRE(trawl::test::reframe(*directory, pos[0], body).ok());
  }

  // Every cursor: positions(), then freq() of them, as the contract says.
  auto reader = trawl::IndexReader::open(path);
  REQUIRE(reader.has_value());
  std::size_t failed = 0;
  for (std::size_t s = 0; s < reader->segment_count(); ++s) {
    for (const std::string& term : reader->terms(s, "body").value()) {
      auto cursor = reader->postings(s, "body", term).value();
      std::uint64_t sum = 0;
      for (; cursor->docid() != trawl::kTerminated; cursor->next()) {
        const trawl::Position* positions = cursor->positions();
        for (std::uint32_t i = 0; i < cursor->freq(); ++i) sum += positions[i];
      }
      if (!cursor->status().ok()) {
        ++failed;
        CHECK(cursor->status().is_corruption());
      CAPTURE(cursor->status().to_string());
        CHECK(cursor->status().to_string().find(".pos: ") != std::string::npos);
      }
      (void)sum;
    }
  }
  CHECK(failed > 0);
  // A phrase search meets the damage and says so.
  trawl::Searcher searcher(*reader);
  auto result = searcher.search(trawl::Query::phrase("body", "boundary layer flow"),
                                [] {
                                  trawl::SearchOptions options;
                                  options.exact_count = true;
                                  return options;
                                }());
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().is_corruption());
  CHECK(result.error().to_string().find(".pos: ") != std::string::npos);
  // So does a merge, which leaves the index as it was.
  {
    auto writer = trawl::IndexWriter::open(path, schema);
    REQUIRE(writer.has_value());
    const trawl::Status merged = writer->force_merge(1);
    CHECK(merged.is_corruption());
  }
  CHECK(trawl::IndexReader::open(path)->segment_count() == 3);
}
