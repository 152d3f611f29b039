// IndexWriter::reader(): near-real-time snapshots, checked against a model of the documents
// (their keys and texts, counted word by word here), never against trawl's own search.
#include <atomic>

#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/forwarding_directory.h"
#include "support/index_model.h"
#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::Document;
using trawl::IndexReader;
using trawl::IndexWriter;
using trawl::Schema;
using trawl::test::model::check_snapshot;
using trawl::test::model::doc;
using trawl::test::model::kWords;
using trawl::test::model::Model;
using trawl::test::model::schema;

// A directory that counts every file sync: while written (written_synced) or after
// (synced).
class SyncCounting final : public trawl::test::ForwardingDirectory {
 public:
  using ForwardingDirectory::ForwardingDirectory;
  std::multiset<std::string> synced;
  std::shared_ptr<std::multiset<std::string>> written_synced =
      std::make_shared<std::multiset<std::string>>();
  trawl::Result<std::unique_ptr<trawl::OutputFile>> create(std::string_view name) override {
    TRAWL_ASSIGN_OR_RETURN(auto file, base().create(name));
    return std::unique_ptr<trawl::OutputFile>(
        std::make_unique<File>(std::move(file), std::string(name), written_synced));
  }
  trawl::Status sync_file(std::string_view name) override {
    synced.emplace(name);
    return base().sync_file(name);
  }

 private:
  class File final : public trawl::OutputFile {
   public:
    File(std::unique_ptr<trawl::OutputFile> base, std::string name,
         std::shared_ptr<std::multiset<std::string>> synced)
        : base_(std::move(base)), name_(std::move(name)), synced_(std::move(synced)) {}
    trawl::Status append(std::string_view data) override { return base_->append(data); }
    trawl::Status sync() override {
      synced_->insert(name_);
      return base_->sync();
    }
    trawl::Status close() override { return base_->close(); }
    std::uint64_t size() const override { return base_->size(); }

   private:
    std::unique_ptr<trawl::OutputFile> base_;
    std::string name_;
    std::shared_ptr<std::multiset<std::string>> synced_;
  };
};

}  // namespace

TEST_CASE("IndexWriter::reader: what is added shows at once, and stays put", "[index][nrt]") {
  auto directory = std::make_shared<SyncCounting>(trawl::make_mem_directory());
  auto writer = IndexWriter::open(directory, schema());
  REQUIRE(writer.has_value());
  REQUIRE(writer->add(doc("1", "alpha bravo")).ok());
  REQUIRE(writer->add(doc("2", "bravo bravo")).ok());

  auto first = writer->reader();
  REQUIRE(first.has_value());
  check_snapshot(*first, {{"1", "alpha bravo"}, {"2", "bravo bravo"}});
  CHECK(first->generation() == 0);
  // Visible, not committed: a reader of the commits sees nothing, and nothing was synced.
  CHECK(IndexReader::open(directory)->doc_count() == 0);
  CHECK(directory->synced.empty());
  CHECK(directory->written_synced->count("seg_1.doc") == 0);
  CHECK(directory->written_synced->count("seg_1.meta") == 0);

  // Removals and updates show in the next snapshot, never in one taken before.
  REQUIRE(writer->remove("1").value() == 1);
  REQUIRE(writer->update(doc("2", "delta")).ok());
  REQUIRE(writer->add(doc("3", "echo")).ok());
  auto second = writer->reader();
  REQUIRE(second.has_value());
  check_snapshot(*second, {{"2", "delta"}, {"3", "echo"}});
  check_snapshot(*first, {{"1", "alpha bravo"}, {"2", "bravo bravo"}});

  // A snapshot with nothing new shares every segment with the one before.
  auto third = writer->reader();
  REQUIRE(third.has_value());
  CHECK(third->segment_count() == second->segment_count());

  // The commit adopts the snapshots' segments (syncing their files) rather than rewriting
  // them; seg_1, whose documents were all replaced or removed, leaves unsynced.
  REQUIRE(writer->commit().ok());
  CHECK(directory->synced.count("seg_2.doc") == 1);
  CHECK(directory->synced.count("seg_2.meta") == 1);
  CHECK(directory->synced.count("seg_1.doc") == 0);
  auto committed = IndexReader::open(directory);
  REQUIRE(committed.has_value());
  CHECK(committed->generation() == 1);
  check_snapshot(*committed, {{"2", "delta"}, {"3", "echo"}});
  REQUIRE(committed->segment_count() == 1);
  CHECK(committed->segment_info(0).name == "seg_2");

  // reopen() of a snapshot moves to the latest commit, dropping what is not committed.
  REQUIRE(writer->add(doc("4", "golf")).ok());
  auto fourth = writer->reader();
  REQUIRE(fourth.has_value());
  check_snapshot(*fourth, {{"2", "delta"}, {"3", "echo"}, {"4", "golf"}});
  auto reopened = fourth->reopen();
  REQUIRE(reopened.has_value());
  check_snapshot(*reopened, {{"2", "delta"}, {"3", "echo"}});
}

TEST_CASE("IndexWriter::reader: a rollback or a lost writer drops what was only visible",
          "[index][nrt]") {
  trawl::test::TempDir dir;
  {
    auto writer = IndexWriter::open(dir.path(), schema());
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(doc("1", "alpha")).ok());
    REQUIRE(writer->commit().ok());
    REQUIRE(writer->add(doc("2", "bravo")).ok());
    REQUIRE(writer->remove("1").value() == 1);
    auto visible = writer->reader();
    REQUIRE(visible.has_value());
    check_snapshot(*visible, {{"2", "bravo"}});
    REQUIRE(writer->rollback().ok());
    // The snapshot keeps its documents although the rollback removed their files.
    check_snapshot(*visible, {{"2", "bravo"}});
    auto after = writer->reader();
    REQUIRE(after.has_value());
    check_snapshot(*after, {{"1", "alpha"}});

    REQUIRE(writer->add(doc("3", "delta")).ok());
    REQUIRE(writer->reader().has_value());
    // The writer goes away without committing, as a crashed process's would.
  }
  auto reader = IndexReader::open(dir.path());
  REQUIRE(reader.has_value());
  check_snapshot(*reader, {{"1", "alpha"}});
  CHECK(reader->check().ok());
}

TEST_CASE(
    "IndexWriter::reader: random changes, snapshots, commits and rollbacks agree with a "
    "model",
    "[index][nrt]") {
  const bool on_disk = GENERATE(false, true);
  const unsigned threads = GENERATE(1u, 2u);
  const std::uint32_t seed = GENERATE(1u, 2u);
  INFO("on disk " << on_disk << ", threads " << threads << ", seed " << seed);
  std::mt19937 random(seed);
  trawl::test::TempDir dir;
  std::shared_ptr<trawl::Directory> directory =
      on_disk
          ? std::shared_ptr<trawl::Directory>(trawl::open_fs_directory(dir.path(), true).value())
          : std::shared_ptr<trawl::Directory>(trawl::make_mem_directory());
  trawl::IndexWriterOptions options;
  options.threads = threads;
  options.merge_factor = 3;             // merges at commits, under snapshots
  options.ram_budget_bytes = 16 << 10;  // flushes by budget too
  auto writer = IndexWriter::open(directory, schema(), options);
  REQUIRE(writer.has_value());

  const auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  const auto text = [&] {
    std::string t;
    for (std::size_t n = 1 + pick(6); n-- > 0;) t += kWords[pick(kWords.size())] + " ";
    return t;
  };
  Model current, committed;
  std::vector<std::pair<IndexReader, Model>> snapshots;
  int next_key = 0;
  for (int step = 0; step < 300; ++step) {
    const std::size_t op = pick(100);
    if (op < 40) {
      const std::string key = std::to_string(next_key++);
      const std::string body = text();
      REQUIRE(writer->add(doc(key, body)).ok());
      current[key] = body;
    } else if (op < 60) {
      // An existing key, or (as often as not at first) a new one, which add() must not reuse.
      const std::size_t k = pick(static_cast<std::size_t>(next_key) + 1);
      if (k == static_cast<std::size_t>(next_key)) ++next_key;
      const std::string key = std::to_string(k);
      const std::string body = text();
      REQUIRE(writer->update(doc(key, body)).ok());
      current[key] = body;
    } else if (op < 72) {
      const std::string key = std::to_string(pick(static_cast<std::size_t>(next_key) + 1));
      auto removed = writer->remove(key);
      REQUIRE(removed.has_value());
      CHECK(*removed == current.erase(key));
    } else if (op < 90) {
      auto snapshot = writer->reader();
      REQUIRE(snapshot.has_value());
      check_snapshot(*snapshot, current);
      if (pick(4) == 0) snapshots.emplace_back(std::move(snapshot).value(), current);
    } else if (op < 97) {
      REQUIRE(writer->commit().ok());
      committed = current;
      auto reader = IndexReader::open(directory);
      REQUIRE(reader.has_value());
      check_snapshot(*reader, committed);
    } else {
      REQUIRE(writer->rollback().ok());
      current = committed;
    }
  }
  // Every snapshot kept still holds what it held, whatever merged or rolled back since.
  for (const auto& [snapshot, model] : snapshots) check_snapshot(snapshot, model);
  REQUIRE(writer->commit().ok());
  auto reader = IndexReader::open(directory);
  REQUIRE(reader.has_value());
  check_snapshot(*reader, current);
  CHECK(reader->check().ok());
}

TEST_CASE("IndexWriter::reader: snapshots are read by other threads while the writer goes on",
          "[index][nrt][concurrency]") {
  auto writer = IndexWriter::open(trawl::make_mem_directory(), schema());
  REQUIRE(writer.has_value());
  std::mutex mutex;
  std::optional<IndexReader> latest;  // the newest snapshot, published by the writer's thread
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> reads{0}, errors{0};

  // Each reader thread checks every snapshot it picks up: every document says "bravo" once, so
  // its live postings must number the snapshot's documents, which never fall.
  const auto read = [&] {
    std::uint64_t last_count = 0;
    while (!done.load() || reads.load() == 0) {
      std::optional<IndexReader> snapshot;
      {
        std::lock_guard<std::mutex> lock(mutex);
        snapshot = latest;
      }
      if (!snapshot) continue;
      const std::uint64_t count = snapshot->doc_count();
      std::uint64_t bravo = 0;
      for (std::size_t s = 0; s < snapshot->segment_count(); ++s) {
        auto postings = snapshot->postings(s, "body", "bravo");
        if (!postings) {
          ++errors;
          continue;
        }
        if (*postings == nullptr) continue;
        for (auto& cursor = **postings; cursor.docid() != trawl::kTerminated; cursor.next()) {
          bravo += !snapshot->is_deleted(s, cursor.docid());
        }
      }
      if (bravo != count || count < last_count) ++errors;
      last_count = count;
      ++reads;
    }
  };
  std::thread first(read), second(read);
  for (int i = 0; i < 300; ++i) {
    std::string body = "bravo";
    for (int k = 0; k <= i % 5; ++k) body += " alpha";
    REQUIRE(writer->add(doc(std::to_string(i), body)).ok());
    if (i % 10 == 9) {
      auto snapshot = writer->reader();
      REQUIRE(snapshot.has_value());
      std::lock_guard<std::mutex> lock(mutex);
      latest = std::move(snapshot).value();
    }
    if (i % 100 == 99) REQUIRE(writer->commit().ok());
  }
  done = true;
  first.join();
  second.join();
  CHECK(errors.load() == 0);
  CHECK(reads.load() > 0);
}
