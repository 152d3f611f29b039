// IndexWriter::repair: the damaged segments are found, reported with the ids of the documents
// they held (known here from what was added, not from trawl) and dropped in a new commit;
// nothing else changes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "support/random_text.h"
#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace {

// Three segments of 40, 50 and 60 documents; ids "s<segment>-<i>"; one deletion in segment 1.
std::map<std::string, std::vector<std::string>> build(const std::string& path) {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").set_unique_key("id");
  trawl::IndexWriterOptions options;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(path, schema, options).value();
  std::mt19937_64 rng(17);
  std::map<std::string, std::vector<std::string>> ids;
  for (int segment = 1; segment <= 3; ++segment) {
    const std::string name = "seg_" + std::to_string(segment);
    for (int i = 0; i < 30 + 10 * segment; ++i) {
      const std::string id = "s" + std::to_string(segment) + "-" + std::to_string(i);
      REQUIRE(writer.add(trawl::Document().add("id", id).add("body", trawl::test::random_text(rng, 30))).ok());
      ids[name].push_back(id);
    }
    REQUIRE(writer.commit().ok());
  }
  REQUIRE(writer.remove("s1-7").value() == 1);
  REQUIRE(writer.commit().ok());
  for (auto& [segment, list] : ids) {
    list.erase(std::remove(list.begin(), list.end(), "s1-7"), list.end());
    std::sort(list.begin(), list.end());
  }
  return ids;
}

void flip(const std::string& file, std::size_t at) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(stream);
  stream.seekg(static_cast<std::streamoff>(at));
  char byte = 0;
  stream.get(byte);
  stream.seekp(static_cast<std::streamoff>(at));
  stream.put(static_cast<char>(byte ^ 0x20));
}

std::uint64_t found(const trawl::IndexReader& reader, const std::string& id) {
  trawl::Searcher searcher(reader);
  trawl::SearchOptions options;
  options.exact_count = true;
  return searcher.search(trawl::Query::term("id", id), options).value().total_hits;
}

}  // namespace

TEST_CASE("Repair: an intact index is left alone", "[index][repair]") {
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  build(path);
  auto writer = trawl::IndexWriter::open_existing(path).value();
  const std::uint64_t generation = writer.committed_generation();
  auto result = writer.repair();
  REQUIRE(result.has_value());
  CHECK(result->dropped.empty());
  CHECK(result->generation == generation);
  CHECK(trawl::IndexReader::open(path)->generation() == generation);

  REQUIRE(writer.add(trawl::Document().add("id", "new").add("body", "text")).ok());
  CHECK(writer.repair().error().is_invalid_argument());  // uncommitted changes
}

TEST_CASE("Repair: damaged segments are dropped, their documents listed", "[index][repair]") {
  struct Case {
    std::string file;     // damaged in seg_2
    std::size_t offset;   // from the file's start
    bool ids_readable;    // all ids of the segment can still be read
  };
  const Case which = GENERATE(Case{"seg_2.sto", 60, true},   // stored fields: ids from postings
                              Case{"seg_2.tdx", 40, true},   // dictionary: ids from stored fields
                              Case{"seg_2.len", 40, true},
                              Case{"seg_2.meta", 40, false},  // the segment cannot open
                              Case{"seg_2.doc", 40, true});
  CAPTURE(which.file);
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  const auto ids = build(path);
  flip(path + "/" + which.file, which.offset);
  auto writer = trawl::IndexWriter::open_existing(path).value();
  const std::uint64_t generation = writer.committed_generation();

  trawl::RepairOptions dry;
  dry.dry_run = true;
  auto report = writer.repair(dry);
  REQUIRE(report.has_value());
  REQUIRE(report->dropped.size() == 1);
  const trawl::DroppedSegment& dropped = report->dropped[0];
  CHECK(dropped.name == "seg_2");
  CHECK(dropped.damage.is_corruption());
  CHECK(dropped.damage.to_string().find(which.file + ":") != std::string::npos);
  CHECK(dropped.live_documents == 50);
  if (which.ids_readable) {
    CHECK(dropped.ids == ids.at("seg_2"));
  } else {
    CHECK(dropped.ids.empty());
  }
  CHECK(report->generation == generation);  // a dry run commits nothing
  CHECK(std::filesystem::exists(path + "/" + which.file));

  auto result = writer.repair();
  REQUIRE(result.has_value());
  REQUIRE(result->dropped.size() == 1);
  CHECK(result->dropped[0].ids == dropped.ids);
  CHECK(result->generation == generation + 1);
  CHECK_FALSE(std::filesystem::exists(path + "/" + which.file));  // removed after the commit

  auto reader = trawl::IndexReader::open(path);
  REQUIRE(reader.has_value());
  CHECK(reader->check().ok());
  CHECK(reader->generation() == generation + 1);
  CHECK(reader->doc_count() == ids.at("seg_1").size() + ids.at("seg_3").size());
  for (const char* segment : {"seg_1", "seg_3"}) {
    for (const std::string& id : ids.at(segment)) CHECK(found(*reader, id) == 1);
  }
  for (const std::string& id : ids.at("seg_2")) CHECK(found(*reader, id) == 0);
  CHECK(found(*reader, "s1-7") == 0);  // the deletion stays
  // The writer goes on.
  REQUIRE(writer.add(trawl::Document().add("id", "s2-0").add("body", "back again")).ok());
  REQUIRE(writer.commit().ok());
  CHECK(found(trawl::IndexReader::open(path).value(), "s2-0") == 1);
}
