// Power loss (tests/support/power_loss_directory.h): a writer's work — additions, removals,
// near-real-time snapshots, commits and the merges after them, a forced merge — is cut by a
// simulated power failure at every storage operation in turn, and what the disk keeps (only
// synced bytes, only names a directory sync made durable) must open, pass check(), and hold
// exactly the documents of the last acknowledged commit, or of the commit under way.
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "support/index_model.h"
#include "support/power_loss_directory.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::test::PowerLossDirectory;
using trawl::test::model::doc;
using trawl::test::model::DurableState;
using trawl::test::model::kWords;
using trawl::test::model::live_documents;
using trawl::test::model::Model;

std::string text(std::size_t i) {
  std::string t;
  for (std::size_t k = 0; k < 1 + i % 4; ++k) t += kWords[(i * 7 + k * 3) % kWords.size()] + " ";
  return t;
}

// The work, stopped at the first failure (the power going). Returns what the disk may hold.
DurableState run(PowerLossDirectory& directory) {
  DurableState expected;
  trawl::IndexWriterOptions options;
  options.merge_factor = 2;            // merges after commits
  options.ram_budget_bytes = 8 << 10;  // and flushes by budget
  auto writer = trawl::IndexWriter::open(
      std::shared_ptr<trawl::Directory>(&directory, [](trawl::Directory*) {}),
      trawl::test::model::schema(), options);
  if (!writer) return expected;
  expected.acknowledged = Model();
  Model current;
  const auto commit = [&](const std::function<trawl::Status()>& call) {
    return expected.make_durable(current, call);
  };
  std::size_t next = 0;
  const auto add = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i, ++next) {
      const std::string key = std::to_string(next);
      if (!writer->add(doc(key, text(next))).ok()) return false;
      current[key] = text(next);
    }
    return true;
  };
  const auto remove = [&](const std::string& key) {
    auto removed = writer->remove(key);
    if (!removed) return false;
    current.erase(key);
    return true;
  };
  const auto snapshot = [&] { return writer->reader().has_value(); };

  if (!add(30) || !snapshot() || !remove("3") || !remove("17") || !snapshot()) return expected;
  if (!commit([&] { return writer->commit(); })) return expected;
  if (!add(30) || !snapshot()) return expected;
  if (!commit([&] { return writer->commit(); })) return expected;
  const std::string replaced = "5";
  if (!writer->update(doc(replaced, "oscar papa")).ok()) return expected;
  current[replaced] = "oscar papa";
  if (!add(10) || !snapshot()) return expected;
  if (!commit([&] { return writer->force_merge(1); })) return expected;
  return expected;
}

}  // namespace

TEST_CASE("Power loss: at every storage operation, the disk keeps a whole acknowledged commit",
          "[index][crash]") {
  std::uint64_t points = 0;
  for (std::uint64_t n = 1;; ++n) {
    CAPTURE(n);
    PowerLossDirectory directory;
    directory.crash_at(n);
    const DurableState expected = run(directory);
    if (!directory.crashed()) {
      // Past the last operation: the work is done and all of it is durable.
      REQUIRE(expected.acknowledged.has_value());
      CHECK_FALSE(expected.under_way.has_value());
      auto reader = trawl::IndexReader::open(directory.image());
      REQUIRE(reader.has_value());
      CHECK(live_documents(*reader) == *expected.acknowledged);
      break;
    }
    ++points;
    const std::shared_ptr<trawl::Directory> disk = directory.image();
    auto reader = trawl::IndexReader::open(disk);
    if (!expected.acknowledged) {
      // The index was never created durably: nothing, or an empty index.
      if (reader.has_value()) CHECK(reader->doc_count() == 0);
      continue;
    }
    REQUIRE(reader.has_value());
    CHECK(reader->check().ok());
    const Model found = live_documents(*reader);
    CHECK(expected.holds(found));
    // And a writer goes on from it: the leftovers of the lost work are cleaned up.
    auto writer = trawl::IndexWriter::open(disk, trawl::test::model::schema());
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(doc("after", "golf")).ok());
    REQUIRE(writer->commit().ok());
    auto after = trawl::IndexReader::open(disk);
    REQUIRE(after.has_value());
    CHECK(after->check().ok());
    CHECK(after->doc_count() == found.size() + 1);
  }
  CHECK(points > 100);
}
