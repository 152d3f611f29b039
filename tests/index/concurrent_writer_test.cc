// One IndexWriter shared by several threads: what snapshots and commits hold is checked against
// a model of each thread's changes (keys and texts, counted word by word), never against
// trawl's own search. Catch2's assertions are not thread-safe: threads record, the test checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
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

using trawl::IndexReader;
using trawl::IndexWriter;
using trawl::IndexWriterOptions;
using trawl::test::borrowed;
using trawl::test::PowerLossDirectory;
using trawl::test::model::check_snapshot;
using trawl::test::model::doc;
using trawl::test::model::kWords;
using trawl::test::model::live_documents;
using trawl::test::model::Model;
using trawl::test::model::schema;

// One thread's changes, drawn before the threads start, with the model after each of them:
// whatever the interleaving, a consistent view holds for each thread the model after some
// prefix of its changes.
struct Script {
  struct Change {
    enum Kind { kAdd, kUpdate, kRemove } kind;
    std::string key, text;
  };
  std::string prefix;  // of the thread's keys: no two threads share one
  std::vector<Change> changes;
  std::vector<Model> after;  // after[n]: the model once the first n changes are made

  Script(int thread, std::size_t count, std::uint32_t seed)
      : prefix("t" + std::to_string(thread) + "-") {
    std::mt19937 random(seed);
    Model model;
    after.push_back(model);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string key = prefix + std::to_string(random() % 12);
      std::string text;
      for (std::size_t w = 0, n = 1 + random() % 4; w < n; ++w) {
        text += (w ? " " : "") + kWords[random() % kWords.size()];
      }
      const auto pick = random() % 10;
      Change change;
      if (model.count(key) == 0) {
        change = {pick < 8 ? Change::kAdd : Change::kRemove, key, text};
      } else {
        change = {pick < 6 ? Change::kUpdate : Change::kRemove, key, text};
      }
      if (change.kind == Change::kRemove) {
        model.erase(key);
      } else {
        model[key] = text;
      }
      changes.push_back(std::move(change));
      after.push_back(model);
    }
  }

  trawl::Status apply(IndexWriter& writer, const Change& change) const {
    switch (change.kind) {
      case Change::kAdd:
        return writer.add(doc(change.key, change.text));
      case Change::kUpdate:
        return writer.update(doc(change.key, change.text));
      case Change::kRemove:
        return writer.remove(change.key).status();
    }
    return trawl::Status();
  }

  // Whether `found` (the thread's documents in a view) is the model after n changes, for some
  // n in [low, high].
  bool holds_prefix(const Model& found, std::size_t low, std::size_t high) const {
    for (std::size_t n = low; n <= high; ++n) {
      if (after[n] == found) return true;
    }
    return false;
  }
};

Model documents_of(const Model& all, const std::string& prefix) {
  Model part;
  for (auto it = all.lower_bound(prefix); it != all.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    part.insert(*it);
  }
  return part;
}

// Runs `scripts` on `writer`, one thread each, while the calling thread takes views with
// `view` (a snapshot or a commit and a reader of it) and checks each against every script's
// prefixes: from those finished before the view was asked for, up to those under way after.
// Returns the views checked; records failures in `errors`.
std::size_t run_scripts(IndexWriter& writer, const std::vector<Script>& scripts,
                        const std::function<trawl::Result<IndexReader>()>& view,
                        std::vector<std::string>& errors) {
  std::vector<std::atomic<std::size_t>> done(scripts.size());
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < scripts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (const Script::Change& change : scripts[t].changes) {
        trawl::Status status = scripts[t].apply(writer, change);
        if (!status.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          errors.push_back(change.key + ": " + status.to_string());
        }
        ++done[t];
      }
    });
  }
  std::size_t views = 0;
  const auto all_done = [&] {
    for (std::size_t t = 0; t < scripts.size(); ++t) {
      if (done[t].load() < scripts[t].changes.size()) return false;
    }
    return true;
  };
  for (bool last = false; !last;) {
    last = all_done();
    std::vector<std::size_t> low(scripts.size()), high(scripts.size());
    for (std::size_t t = 0; t < scripts.size(); ++t) low[t] = done[t].load();
    auto reader = view();
    // A thread's change under way may be in the view before the thread counts it done.
    for (std::size_t t = 0; t < scripts.size(); ++t) {
      high[t] = std::min(done[t].load() + 1, scripts[t].changes.size());
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (!reader) {
      errors.push_back("view: " + reader.error().to_string());
      break;
    }
    ++views;
    const Model found = live_documents(*reader);
    for (std::size_t t = 0; t < scripts.size(); ++t) {
      if (!scripts[t].holds_prefix(documents_of(found, scripts[t].prefix), low[t], high[t])) {
        errors.push_back("view " + std::to_string(views) + ": thread " + std::to_string(t) +
                         " holds no prefix of its changes in [" + std::to_string(low[t]) + ", " +
                         std::to_string(high[t]) + "]");
      }
    }
  }
  for (std::thread& thread : threads) thread.join();
  return views;
}

Model final_model(const std::vector<Script>& scripts) {
  Model all;
  for (const Script& script : scripts)
    all.insert(script.after.back().begin(), script.after.back().end());
  return all;
}

std::vector<Script> scripts(std::size_t threads, std::size_t changes, std::uint32_t seed) {
  std::vector<Script> out;
  for (std::size_t t = 0; t < threads; ++t) {
    out.emplace_back(static_cast<int>(t), changes, seed + static_cast<std::uint32_t>(t));
  }
  return out;
}

}  // namespace

TEST_CASE("One writer and many threads: every snapshot holds a prefix of each thread's changes",
          "[index][concurrency]") {
  // Documents buffered per thread; a small budget (flushes while other threads add, merges at
  // commit); the write-ahead log; analysis threads of the writer's own, which every change
  // then goes through in order.
  const std::string mode =
      GENERATE("buffers", "small budget", "write-ahead log", "analysis threads");
  CAPTURE(mode);
  IndexWriterOptions options;
  if (mode == "small budget") {
    options.ram_budget_bytes = 4096;
    options.merge_factor = 3;
  } else if (mode == "write-ahead log") {
    options.wal = true;
    options.ram_budget_bytes = 16384;
  } else if (mode == "analysis threads") {
    options.threads = 2;
  }
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto writer = IndexWriter::open(directory, schema(), options);
  REQUIRE(writer.has_value());
  const std::vector<Script> work = scripts(3, 400, 7);
  std::vector<std::string> errors;
  const std::size_t views = run_scripts(
      *writer, work, [&] { return writer->reader(); }, errors);
  CAPTURE(errors);
  CHECK(errors.empty());
  CHECK(views >= 1);
  auto last = writer->reader();
  REQUIRE(last.has_value());
  check_snapshot(*last, final_model(work));
}

TEST_CASE("One writer and many threads: every commit holds a prefix of each thread's changes",
          "[index][concurrency]") {
  const std::string mode = GENERATE("buffers", "small budget", "analysis threads");
  CAPTURE(mode);
  IndexWriterOptions options;
  options.merge_factor = 3;
  if (mode == "small budget") options.ram_budget_bytes = 4096;
  if (mode == "analysis threads") options.threads = 2;
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto writer = IndexWriter::open(directory, schema(), options);
  REQUIRE(writer.has_value());
  const std::vector<Script> work = scripts(3, 300, 11);
  std::vector<std::string> errors;
  const auto commit = [&]() -> trawl::Result<IndexReader> {
    TRAWL_RETURN_IF_ERROR(writer->commit());
    return IndexReader::open(directory);
  };
  run_scripts(*writer, work, commit, errors);
  CAPTURE(errors);
  CHECK(errors.empty());
  auto reader = IndexReader::open(directory);
  REQUIRE(reader.has_value());
  CHECK(reader->check().ok());
  check_snapshot(*reader, final_model(work));
}

TEST_CASE("One writer and many threads: an update racing a removal of its key ends in one order",
          "[index][concurrency]") {
  auto writer = IndexWriter::open(trawl::make_mem_directory(), schema());
  REQUIRE(writer.has_value());
  std::mt19937 random(5);
  std::vector<std::string> errors;
  for (int round = 0; round < 150; ++round) {
    const bool existed = random() % 2 == 0;
    if (existed) REQUIRE(writer->update(doc("k", "alpha")).ok());
    const std::string text = kWords[static_cast<std::size_t>(round) % kWords.size()];
    std::atomic<int> ready{0};
    trawl::Status updated, updated_too;
    std::optional<std::uint64_t> removed;
    const auto start = [&] {
      ++ready;
      while (ready.load() < 3) std::this_thread::yield();
    };
    std::thread update([&] {
      start();
      updated = writer->update(doc("k", text));
    });
    std::thread update_too([&] {
      start();
      updated_too = writer->update(doc("k", text + " " + text));
    });
    std::thread remove([&] {
      start();
      auto result = writer->remove("k");
      if (result) removed = *result;
    });
    update.join();
    update_too.join();
    remove.join();
    REQUIRE(updated.ok());
    REQUIRE(updated_too.ok());
    REQUIRE(removed.has_value());
    auto snapshot = writer->reader();
    REQUIRE(snapshot.has_value());
    const Model found = live_documents(*snapshot);
    // Never both, never the old one: absent (the removal came last, and removed one document)
    // or one of the two updates (the removal came before at least one of them).
    INFO("round " << round << ", removed " << *removed);
    CHECK(found.size() <= 1);
    if (existed) CHECK(*removed == 1);
    if (found.empty()) {
      CHECK(*removed == 1);
    } else {
      CHECK((found.at("k") == text || found.at("k") == text + " " + text));
    }
    (void)writer->remove("k");
  }
  check_snapshot(*writer->reader(), {});
}

namespace {

// A directory whose write-ahead log fsyncs wait at a gate while it is closed, and are counted.
class GatedLog final : public trawl::test::ForwardingDirectory {
 public:
  using ForwardingDirectory::ForwardingDirectory;

  void close_gate() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
    entered_ = log_syncs_ = 0;
  }
  void open_gate() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  // Waits until an fsync of the log waits at the gate.
  void await_sync() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return entered_ > 0; });
  }
  int log_syncs() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_syncs_;
  }

  trawl::Result<std::unique_ptr<trawl::OutputFile>> create(std::string_view name) override {
    TRAWL_ASSIGN_OR_RETURN(auto file, base().create(name));
    if (name.rfind("wal_", 0) != 0) return file;
    return std::unique_ptr<trawl::OutputFile>(std::make_unique<File>(std::move(file), *this));
  }

 private:
  class File final : public trawl::OutputFile {
   public:
    File(std::unique_ptr<trawl::OutputFile> base, GatedLog& owner)
        : base_(std::move(base)), owner_(owner) {}
    trawl::Status append(std::string_view data) override { return base_->append(data); }
    trawl::Status sync() override {
      {
        std::unique_lock<std::mutex> lock(owner_.mutex_);
        ++owner_.entered_;
        ++owner_.log_syncs_;
        owner_.changed_.notify_all();
        owner_.changed_.wait(lock, [&] { return owner_.open_; });
      }
      return base_->sync();
    }
    trawl::Status close() override { return base_->close(); }
    std::uint64_t size() const override { return base_->size(); }

   private:
    std::unique_ptr<trawl::OutputFile> base_;
    GatedLog& owner_;
  };
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  int entered_ = 0;
  int log_syncs_ = 0;
};

}  // namespace

TEST_CASE("Write-ahead log: syncs of several threads share one fsync while adds go on",
          "[index][wal][concurrency]") {
  auto directory = std::make_shared<GatedLog>(trawl::make_mem_directory());
  IndexWriterOptions options;
  options.wal = true;
  auto writer = IndexWriter::open(directory, schema(), options);
  REQUIRE(writer.has_value());
  REQUIRE(writer->add(doc("0", "alpha")).ok());
  REQUIRE(writer->sync().ok());  // the log's name is durable from here

  directory->close_gate();
  REQUIRE(writer->add(doc("1", "bravo")).ok());
  trawl::Status first, second, third;
  std::thread leader([&] { first = writer->sync(); });
  directory->await_sync();
  // The leader's fsync is under way: adds still go on, and their syncs wait for the next one.
  REQUIRE(writer->add(doc("2", "delta")).ok());
  REQUIRE(writer->add(doc("3", "echo")).ok());
  std::thread follower([&] { second = writer->sync(); });
  std::thread follower_too([&] { third = writer->sync(); });
  directory->open_gate();
  leader.join();
  follower.join();
  follower_too.join();
  CHECK(first.ok());
  CHECK(second.ok());
  CHECK(third.ok());
  // Three syncs, two fsyncs: the second covers both followers, whichever came first.
  CHECK(directory->log_syncs() == 2);
}

namespace {

// Runs the scripts, one thread each, syncing after every third change and noting in
// `acknowledged` how many changes a sync made durable; thread 0 commits now and then. The power
// goes at operation `crash_at` of `directory`.
void run_until_power_loss(IndexWriter& writer, const std::vector<Script>& work,
                          std::vector<std::atomic<std::size_t>>& acknowledged,
                          PowerLossDirectory& directory, std::uint64_t crash_at) {
  directory.crash_at(crash_at);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < work.size(); ++t) {
    threads.emplace_back([&, t] {
      std::size_t n = 0;
      for (const Script::Change& change : work[t].changes) {
        if (!work[t].apply(writer, change).ok()) return;
        ++n;
        if (n % 3 == 0 || n == work[t].changes.size()) {
          if (!writer.sync().ok()) return;
          acknowledged[t] = n;
        }
        if (t == 0 && n % 20 == 0 && !writer.commit().ok()) return;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

TEST_CASE("Write-ahead log: power loss under several threads keeps every synced change",
          "[index][wal][concurrency][crash]") {
  const std::vector<Script> work = scripts(3, 60, 23);
  std::mt19937 random(29);
  IndexWriterOptions options;
  options.wal = true;
  options.merge_factor = 3;
  options.ram_budget_bytes = 8192;
  for (int round = 0; round < 40; ++round) {
    CAPTURE(round);
    PowerLossDirectory directory;
    std::vector<std::atomic<std::size_t>> acknowledged(work.size());
    {
      auto writer = IndexWriter::open(borrowed(directory), schema(), options);
      REQUIRE(writer.has_value());
      run_until_power_loss(*writer, work, acknowledged, directory, 1 + random() % 400);
    }
    const std::shared_ptr<trawl::Directory> disk = directory.image();
    auto recovered = IndexWriter::open(disk, schema(), options);
    REQUIRE(recovered.has_value());
    auto reader = IndexReader::open(disk);
    REQUIRE(reader.has_value());
    CHECK(reader->check().ok());
    const Model found = live_documents(*reader);
    for (std::size_t t = 0; t < work.size(); ++t) {
      INFO("thread " << t << ", acknowledged " << acknowledged[t].load());
      // The changes a sync acknowledged are all there; later ones may be too, in order.
      CHECK(work[t].holds_prefix(documents_of(found, work[t].prefix), acknowledged[t].load(),
                                 work[t].changes.size()));
    }
  }
}
