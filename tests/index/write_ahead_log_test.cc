// The write-ahead log: its records against what was written (every cut and every damaged byte),
// and a writer's changes against a model of the documents across syncs, crashes (only synced
// bytes survive), rollbacks and commits.
#include "index/write_ahead_log.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/forwarding_directory.h"
#include "support/index_model.h"
#include "support/power_loss_directory.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::index_internal::LoggedChange;
using trawl::test::borrowed;
using trawl::test::PowerLossDirectory;
using trawl::test::model::doc;
using trawl::test::model::DurableState;
using trawl::test::model::kWords;
using trawl::test::model::live_documents;
using trawl::test::model::Model;
using trawl::test::model::schema;

std::shared_ptr<trawl::Directory> directory_with(const std::string& name,
                                                 const std::string& bytes) {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto file = directory->create(name).value();
  REQUIRE(file->append(bytes).ok());
  REQUIRE(file->close().ok());
  return directory;
}

bool same(const LoggedChange& a, const LoggedChange& b) {
  if (a.kind != b.kind || a.key != b.key) return false;
  const auto& x = a.document.fields();
  const auto& y = b.document.fields();
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].name != y[i].name || x[i].value != y[i].value) return false;
  }
  return true;
}

trawl::IndexWriterOptions with_wal() {
  trawl::IndexWriterOptions options;
  options.wal = true;
  options.merge_factor = 2;
  return options;
}

}  // namespace

TEST_CASE(
    "Write-ahead log: records read back whole, and a log cut or damaged anywhere keeps "
    "the records before the cut",
    "[index][wal]") {
  std::mt19937 random(7);
  std::vector<LoggedChange> changes;
  std::vector<std::size_t> ends;  // where each record ends in the file
  std::string file = "TRWLWAL1";
  for (int i = 0; i < 12; ++i) {
    LoggedChange change;
    change.kind = static_cast<LoggedChange::Kind>(1 + random() % 3);
    if (change.kind == LoggedChange::Kind::kRemove) {
      change.key = "key " + std::to_string(i);
    } else {
      change.document.add("id", std::to_string(i)).add("body", std::string(random() % 300, 'w'));
      change.document.add("year", static_cast<std::int64_t>(random()) - 1000000000);
      if (i % 4 == 0) change.document.add("empty", "");
    }
    trawl::index_internal::append_log_record(
        file, change.kind, change.kind == LoggedChange::Kind::kRemove ? nullptr : &change.document,
        change.key);
    changes.push_back(change);
    ends.push_back(file.size());
  }
  {
    auto read =
        trawl::index_internal::read_log(*directory_with("wal_0_1.log", file), "wal_0_1.log");
    REQUIRE(read.has_value());
    REQUIRE(read->changes.size() == changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) CHECK(same(read->changes[i], changes[i]));
    CHECK(read->dropped_bytes == 0);
    CHECK(read->damage.ok());
  }
  // Cut at every length: the whole records before the cut, the rest reported.
  for (std::size_t cut = 0; cut < file.size(); ++cut) {
    CAPTURE(cut);
    auto read = trawl::index_internal::read_log(*directory_with("wal_0_1.log", file.substr(0, cut)),
                                                "wal_0_1.log");
    REQUIRE(read.has_value());
    const std::size_t whole =
        static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), cut) - ends.begin());
    REQUIRE(read->changes.size() == whole);
    for (std::size_t i = 0; i < whole; ++i) CHECK(same(read->changes[i], changes[i]));
    const std::size_t kept = whole == 0 ? (cut < 8 ? 0 : 8) : ends[whole - 1];
    CHECK(read->dropped_bytes == cut - kept);
    CHECK(read->damage.ok() == (cut == kept));
    if (!read->damage.ok()) {
      CHECK(read->damage.is_corruption());
      CHECK(read->damage.to_string().find("wal_0_1.log") != std::string::npos);
    }
  }
  // A damaged byte ends the log at its record.
  for (std::size_t at = 8; at < file.size(); at += 7) {
    CAPTURE(at);
    std::string damaged = file;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    auto read =
        trawl::index_internal::read_log(*directory_with("wal_0_1.log", damaged), "wal_0_1.log");
    REQUIRE(read.has_value());
    const std::size_t record =
        static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), at) - ends.begin());
    CHECK(read->changes.size() == record);
    CHECK(read->dropped_bytes == file.size() - (record == 0 ? 8 : ends[record - 1]));
    CHECK(read->damage.is_corruption());
  }
}

TEST_CASE("Write-ahead log: log names", "[index][wal]") {
  std::uint64_t generation = 0, sequence = 0;
  CHECK(trawl::index_internal::log_name(12, 3) == "wal_12_3.log");
  CHECK(trawl::index_internal::parse_log_name("wal_12_3.log", generation, sequence));
  CHECK(generation == 12);
  CHECK(sequence == 3);
  for (const char* name : {"wal_12.log", "wal__3.log", "wal_1_x.log", "wal_1_2.logx", "seg_1.doc",
                           "wal_1_2", "wal_99999999999999999999_1.log"}) {
    CAPTURE(name);
    CHECK_FALSE(trawl::index_internal::parse_log_name(name, generation, sequence));
  }
}

TEST_CASE(
    "Write-ahead log: what sync() acknowledged survives a crash, and a commit or rollback "
    "starts the log afresh",
    "[index][wal]") {
  PowerLossDirectory directory;
  {
    auto writer = trawl::IndexWriter::open(borrowed(directory), schema(), with_wal());
    REQUIRE(writer.has_value());
    CHECK(writer->wal_recovery().replayed == 0);
    REQUIRE(writer->add(doc("1", "alpha")).ok());
    REQUIRE(writer->add(doc("2", "bravo")).ok());
    REQUIRE(writer->commit().ok());
    REQUIRE(writer->add(doc("3", "delta")).ok());
    REQUIRE(writer->update(doc("1", "echo")).ok());
    REQUIRE(writer->remove("2").value() == 1);
    REQUIRE(writer->sync().ok());
    REQUIRE(writer->add(doc("4", "golf")).ok());  // never synced: lost with the power
    // The machine dies here: the writer's memory is gone, the disk keeps what was synced.
    auto disk = directory.image();
    {
      auto recovered = trawl::IndexWriter::open(disk, schema(), with_wal());
      REQUIRE(recovered.has_value());
      CHECK(recovered->wal_recovery().replayed == 3);
      CHECK(recovered->wal_recovery().dropped_bytes == 0);
      CHECK(recovered->wal_recovery().damage.ok());
    }
    auto reader = trawl::IndexReader::open(disk);
    REQUIRE(reader.has_value());
    CHECK(live_documents(*reader) == Model{{"1", "echo"}, {"3", "delta"}});
    CHECK(reader->check().ok());
    // Replayed and committed at open: the next writer has nothing to replay.
    auto again = trawl::IndexWriter::open(disk, schema(), with_wal());
    REQUIRE(again.has_value());
    CHECK(again->wal_recovery().replayed == 0);
    CHECK(live_documents(*trawl::IndexReader::open(disk)) == Model{{"1", "echo"}, {"3", "delta"}});
  }
  {
    // A rollback empties the log: what it discarded does not come back.
    PowerLossDirectory fresh;
    auto writer = trawl::IndexWriter::open(borrowed(fresh), schema(), with_wal());
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(doc("1", "alpha")).ok());
    REQUIRE(writer->sync().ok());
    REQUIRE(writer->rollback().ok());
    REQUIRE(writer->add(doc("2", "bravo")).ok());
    REQUIRE(writer->sync().ok());
    auto disk = fresh.image();
    auto recovered = trawl::IndexWriter::open(disk, schema(), with_wal());
    REQUIRE(recovered.has_value());
    CHECK(recovered->wal_recovery().replayed == 1);
    CHECK(live_documents(*trawl::IndexReader::open(disk)) == Model{{"2", "bravo"}});
    // One log is left, empty, for the committed generation.
    std::size_t logs = 0;
    for (const std::string& name : disk->list().value()) {
      std::uint64_t generation = 0, sequence = 0;
      if (trawl::index_internal::parse_log_name(name, generation, sequence)) {
        ++logs;
        CHECK(generation == trawl::IndexReader::open(disk)->generation());
        CHECK(disk->open(name).value()->bytes() == "TRWLWAL1");
      }
    }
    CHECK(logs == 1);
  }
  {
    // Without the option there is nothing to sync; a log left behind is still replayed.
    auto memory = trawl::make_mem_directory();
    auto writer =
        trawl::IndexWriter::open(std::shared_ptr<trawl::Directory>(std::move(memory)), schema());
    REQUIRE(writer.has_value());
    CHECK(writer->sync().is_invalid_argument());
  }
}

TEST_CASE("Write-ahead log: a torn tail is cut and reported, never fatal", "[index][wal]") {
  PowerLossDirectory directory;
  auto writer = trawl::IndexWriter::open(borrowed(directory), schema(), with_wal());
  REQUIRE(writer.has_value());
  REQUIRE(writer->add(doc("1", "alpha")).ok());
  REQUIRE(writer->add(doc("2", "bravo bravo")).ok());
  REQUIRE(writer->sync().ok());
  auto disk = directory.image();
  // The last record loses its last 3 bytes, as a crash in the middle of a write leaves it.
  std::string log_file;
  for (const std::string& name : disk->list().value()) {
    std::uint64_t generation = 0, sequence = 0;
    if (trawl::index_internal::parse_log_name(name, generation, sequence)) log_file = name;
  }
  REQUIRE_FALSE(log_file.empty());
  std::string bytes(disk->open(log_file).value()->bytes());
  bytes.resize(bytes.size() - 3);
  auto out = disk->create(log_file).value();
  REQUIRE(out->append(bytes).ok());
  REQUIRE(out->close().ok());

  auto recovered = trawl::IndexWriter::open(disk, schema(), with_wal());
  REQUIRE(recovered.has_value());
  CHECK(recovered->wal_recovery().replayed == 1);
  CHECK(recovered->wal_recovery().dropped_bytes > 0);
  CHECK(recovered->wal_recovery().damage.is_corruption());
  CHECK(recovered->wal_recovery().damage.to_string().find(log_file) != std::string::npos);
  CHECK(live_documents(*trawl::IndexReader::open(disk)) == Model{{"1", "alpha"}});
}

TEST_CASE("Write-ahead log: power loss at every storage operation keeps every synced change",
          "[index][wal][crash]") {
  const auto run = [](PowerLossDirectory& directory) {
    DurableState expected;
    auto writer = trawl::IndexWriter::open(borrowed(directory), schema(), with_wal());
    if (!writer) return expected;
    expected.acknowledged = Model();
    Model current;
    const auto durable = [&](const std::function<trawl::Status()>& call) {
      return expected.make_durable(current, call);
    };
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 6; ++i) {
        const std::string key = std::to_string(round * 10 + i);
        const std::string text = kWords[static_cast<std::size_t>(round + i) % kWords.size()];
        if (!writer->add(doc(key, text)).ok()) return expected;
        current[key] = text;
        if (i % 2 == 1 && !durable([&] { return writer->sync(); })) return expected;
      }
      if (round > 0) {
        const std::string key = std::to_string((round - 1) * 10 + 1);
        if (!writer->remove(key).has_value()) return expected;
        current.erase(key);
        if (!writer->update(doc("0", "papa")).ok()) return expected;
        current["0"] = "papa";
        if (!durable([&] { return writer->sync(); })) return expected;
      }
      if (round == 1 && !durable([&] { return writer->commit(); })) return expected;
    }
    return expected;
  };
  std::uint64_t points = 0;
  for (std::uint64_t n = 1;; ++n) {
    CAPTURE(n);
    PowerLossDirectory directory;
    directory.crash_at(n);
    const DurableState expected = run(directory);
    const std::shared_ptr<trawl::Directory> disk = directory.image();
    if (!expected.acknowledged) {
      auto reader = trawl::IndexReader::open(disk);
      if (reader.has_value()) CHECK(reader->doc_count() == 0);
      ++points;
      continue;
    }
    auto recovered = trawl::IndexWriter::open(disk, schema(), with_wal());
    REQUIRE(recovered.has_value());
    CHECK(recovered->wal_recovery().damage.ok());  // nothing unsynced survives, so no tail
    auto reader = trawl::IndexReader::open(disk);
    REQUIRE(reader.has_value());
    CHECK(reader->check().ok());
    const Model found = live_documents(*reader);
    CHECK(expected.holds(found));
    if (!directory.crashed()) break;
    ++points;
  }
  CHECK(points > 50);
}

TEST_CASE("Write-ahead log: with an interval, changes are synced without a call",
          "[index][wal][concurrency]") {
  PowerLossDirectory directory;
  trawl::IndexWriterOptions options = with_wal();
  options.wal_sync_interval_ms = 2;
  auto writer = trawl::IndexWriter::open(borrowed(directory), schema(), options);
  REQUIRE(writer.has_value());
  Model added;
  for (int i = 0; i < 50; ++i) {
    const std::string key = std::to_string(i);
    REQUIRE(writer->add(doc(key, kWords[static_cast<std::size_t>(i) % kWords.size()])).ok());
    added[key] = kWords[static_cast<std::size_t>(i) % kWords.size()];
  }
  // What the disk holds, as the power would leave it, until the thread has synced all 50.
  std::uint64_t replayed = 0;
  for (int attempt = 0; attempt < 500 && replayed < 50; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto disk = directory.image();
    auto recovered = trawl::IndexWriter::open(disk, schema());
    REQUIRE(recovered.has_value());
    replayed = recovered->wal_recovery().replayed;
    if (replayed == 50) CHECK(live_documents(*trawl::IndexReader::open(disk)) == added);
  }
  CHECK(replayed == 50);
  CHECK(writer->sync().ok());  // and nothing failed meanwhile
}
