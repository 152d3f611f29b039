// Crash safety with real processes: a child indexes and commits in a loop and is killed with
// SIGKILL at a random moment; the index must then open, pass check(), and hold every document
// of the last commit the child acknowledged. TRAWL_CRASH_KILLS sets the number of kills
// (default 20; scripts/crash-test runs hundreds).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

trawl::Schema crash_schema() {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").set_unique_key("id");
  return schema;
}

// The child: adds batches of documents with increasing ids, commits, and reports the number of
// committed documents through `ack` after every commit. Never returns.
[[noreturn]] void child(const std::string& path, int ack, unsigned seed) {
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 64 * 1024;  // frequent flushes, so kills land everywhere
  options.merge_factor = 3;              // frequent merges too
  auto writer = trawl::IndexWriter::open(path, crash_schema(), options);
  if (!writer) _exit(3);
  auto reader = trawl::IndexReader::open(path);
  std::uint64_t next = reader ? reader->doc_count() : 0;
  std::mt19937 rng(seed);
  for (;;) {
    const std::uint64_t batch = 1 + rng() % 200;
    for (std::uint64_t i = 0; i < batch; ++i, ++next) {
      const std::string body = "document number " + std::to_string(next) + " of the crash test " +
                               std::string(rng() % 400, 'x');
      if (!writer->add(trawl::Document().add("id", std::to_string(next)).add("body", body)).ok()) {
        _exit(4);
      }
    }
    if (!writer->commit().ok()) _exit(5);
    if (write(ack, &next, sizeof(next)) != sizeof(next)) _exit(6);
  }
}

// A forked child running `body(ack)` (it never returns), and the read end of the pipe on which
// it acknowledges with document counts.
struct Child {
  pid_t pid = -1;
  int acks = -1;
};

template <class Body>
Child spawn(Body&& body) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    body(pipe_fds[1]);
  }
  close(pipe_fds[1]);
  return Child{pid, pipe_fds[0]};
}

// The next acknowledgement, waiting for it; false if the child is gone.
bool next_ack(const Child& child, std::uint64_t& acknowledged) {
  std::uint64_t value = 0;
  if (read(child.acks, &value, sizeof(value)) != sizeof(value)) return false;
  acknowledged = value;
  return true;
}

// Kills the child with SIGKILL, then reads the acknowledgements it sent before dying; returns
// how many.
int kill_and_collect(const Child& child, std::uint64_t& acknowledged) {
  kill(child.pid, SIGKILL);
  int status = 0;
  waitpid(child.pid, &status, 0);
  // A child that exited by itself failed an operation: that is a bug, not a crash.
  REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
  int acks = 0;
  while (next_ack(child, acknowledged)) ++acks;
  close(child.acks);
  return acks;
}

// The index holds every document the child acknowledged (ids 0 to acknowledged - 1; what was
// in flight may have landed too). Returns the document count, where the next child goes on.
std::uint64_t check_acknowledged(const trawl::IndexReader& reader, std::uint64_t acknowledged) {
  REQUIRE(reader.check().ok());
  REQUIRE(reader.doc_count() >= acknowledged);
  for (std::uint64_t id = 0; id < acknowledged; id += 1 + id / 50) {
    CAPTURE(id);
    REQUIRE(reader.term_statistics("id", std::to_string(id))->doc_freq == 1);
  }
  return reader.doc_count();
}

}  // namespace

TEST_CASE("Crash: SIGKILL at random moments never loses an acknowledged commit", "[index][slow]") {
  const char* env = std::getenv("TRAWL_CRASH_KILLS");
  const int kills = env != nullptr ? std::atoi(env) : 20;
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  std::mt19937 rng(20261127);
  std::uint64_t acknowledged = 0;
  int commits_seen = 0;
  for (int kill_number = 0; kill_number < kills; ++kill_number) {
    CAPTURE(kill_number);
    const unsigned seed = static_cast<unsigned>(rng());
    const Child running = spawn([&](int ack) { child(path, ack, seed); });
    // Every other kill comes after the child acknowledged a commit, so that commits are seen
    // however slow the machine (a sanitizer build beside other tests took more than the
    // longest wait below for a first commit); the others may land in the first one.
    if (kill_number % 2 == 0 && next_ack(running, acknowledged)) ++commits_seen;
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + rng() % 60000));
    commits_seen += kill_and_collect(running, acknowledged);

    auto reader = trawl::IndexReader::open(path);
    if (!reader && reader.error().is_not_found() && acknowledged == 0) continue;
    REQUIRE(reader.has_value());
    acknowledged = check_acknowledged(*reader, acknowledged);
  }
  CHECK(commits_seen > 0);
}

namespace {

// The child with a write-ahead log: adds batches (analysed on two threads), syncs the log after
// each and reports the number of synced documents through `ack`; commits now and then. Opening
// the writer replays what the child before it synced.
[[noreturn]] void logging_child(const std::string& path, int ack, unsigned seed) {
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 64 * 1024;
  options.merge_factor = 3;
  options.threads = 2;
  options.wal = true;
  auto writer = trawl::IndexWriter::open(path, crash_schema(), options);
  if (!writer) _exit(3);
  auto reader = trawl::IndexReader::open(path);
  if (!reader) _exit(7);
  std::uint64_t next = reader->doc_count();
  std::mt19937 rng(seed);
  for (std::uint64_t batch_number = 1;; ++batch_number) {
    const std::uint64_t batch = 1 + rng() % 50;
    for (std::uint64_t i = 0; i < batch; ++i, ++next) {
      const std::string body =
          "logged document " + std::to_string(next) + " " + std::string(rng() % 400, 'y');
      if (!writer->add(trawl::Document().add("id", std::to_string(next)).add("body", body)).ok()) {
        _exit(4);
      }
    }
    if (!writer->sync().ok()) _exit(5);
    if (write(ack, &next, sizeof(next)) != sizeof(next)) _exit(6);
    if (batch_number % 10 == 0 && !writer->commit().ok()) _exit(8);
  }
}

}  // namespace

TEST_CASE("Crash: SIGKILL of a process indexing with a write-ahead log loses no synced change",
          "[index][slow][wal]") {
  const char* env = std::getenv("TRAWL_CRASH_KILLS");
  const int kills = env != nullptr ? std::atoi(env) : 20;
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  std::mt19937 rng(20261203);
  std::uint64_t acknowledged = 0;
  std::uint64_t replayed = 0;
  for (int kill_number = 0; kill_number < kills; ++kill_number) {
    CAPTURE(kill_number);
    const unsigned seed = static_cast<unsigned>(rng());
    const Child running = spawn([&](int ack) { logging_child(path, ack, seed); });
    // Killed after its first sync at the earliest, so that every kill has something to lose.
    next_ack(running, acknowledged);
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 40000));
    kill_and_collect(running, acknowledged);

    // A writer opening the index replays the log; every synced document is then committed.
    {
      auto writer = trawl::IndexWriter::open(path, crash_schema());
      REQUIRE(writer.has_value());
      replayed += writer->wal_recovery().replayed;
    }
    auto reader = trawl::IndexReader::open(path);
    REQUIRE(reader.has_value());
    acknowledged = check_acknowledged(*reader, acknowledged);
  }
  CHECK(replayed > 0);  // the log, not only commits, brought documents back
}

namespace {

// The child of run `run` with a write-ahead log and three threads sharing its writer: thread t
// adds documents "run-t-n" (n = 0, 1, ...) in batches, syncs, and acknowledges (t, n synced)
// through `ack` as t << 56 | n (a pipe write of 8 bytes is atomic); thread 0 commits now and
// then.
[[noreturn]] void threaded_logging_child(const std::string& path, int ack, int run, unsigned seed) {
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 64 * 1024;
  options.merge_factor = 3;
  options.wal = true;
  auto writer = trawl::IndexWriter::open(path, crash_schema(), options);
  if (!writer) _exit(3);
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(seed + static_cast<unsigned>(t));
      std::uint64_t next = 0;
      for (std::uint64_t batch_number = 1;; ++batch_number) {
        for (std::uint64_t i = 1 + rng() % 20; i > 0; --i, ++next) {
          const std::string id =
              std::to_string(run) + "-" + std::to_string(t) + "-" + std::to_string(next);
          const std::string body = "threaded " + id + " " + std::string(rng() % 300, 'z');
          if (!writer->add(trawl::Document().add("id", id).add("body", body)).ok()) _exit(4);
        }
        if (!writer->sync().ok()) _exit(5);
        const std::uint64_t message = t << 56 | next;
        if (write(ack, &message, sizeof(message)) != sizeof(message)) _exit(6);
        if (t == 0 && batch_number % 10 == 0 && !writer->commit().ok()) _exit(8);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  _exit(9);  // not reached: the threads never end
}

// Every document of run `run` that a thread acknowledged is in the index, once (a sample).
void check_run(const trawl::IndexReader& reader, int run, const std::uint64_t (&synced)[3]) {
  for (std::uint64_t t = 0; t < 3; ++t) {
    for (std::uint64_t n = 0; n < synced[t]; n += 1 + n / 20) {
      const std::string id =
          std::to_string(run) + "-" + std::to_string(t) + "-" + std::to_string(n);
      CAPTURE(id);
      REQUIRE(reader.term_statistics("id", id)->doc_freq == 1);
    }
  }
}

}  // namespace

TEST_CASE(
    "Crash: SIGKILL of a process whose threads index with a write-ahead log loses nothing synced",
    "[index][slow][wal]") {
  const char* env = std::getenv("TRAWL_CRASH_KILLS");
  const int kills = env != nullptr ? std::atoi(env) : 20;
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  std::mt19937 rng(20261204);
  std::uint64_t previous[3] = {0, 0, 0};
  std::uint64_t documents = 0;
  for (int run = 0; run < kills; ++run) {
    CAPTURE(run);
    const unsigned seed = static_cast<unsigned>(rng());
    const Child running = spawn([&](int ack) { threaded_logging_child(path, ack, run, seed); });
    std::uint64_t synced[3] = {0, 0, 0};
    std::uint64_t message = 0;
    // Killed after a first acknowledgement at the earliest, so that every kill has something
    // to lose.
    if (next_ack(running, message)) synced[message >> 56] = message & ((1ull << 56) - 1);
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 40000));
    kill(running.pid, SIGKILL);
    int status = 0;
    waitpid(running.pid, &status, 0);
    REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    while (next_ack(running, message)) {
      REQUIRE((message >> 56) < 3);
      synced[message >> 56] = message & ((1ull << 56) - 1);
    }
    close(running.acks);

    {
      auto writer = trawl::IndexWriter::open(path, crash_schema());
      REQUIRE(writer.has_value());
    }
    auto reader = trawl::IndexReader::open(path);
    REQUIRE(reader.has_value());
    REQUIRE(reader->check().ok());
    check_run(*reader, run, synced);
    if (run > 0) check_run(*reader, run - 1, previous);
    CHECK(reader->doc_count() >= documents);  // nothing committed before is lost either
    documents = reader->doc_count();
    std::copy(std::begin(synced), std::end(synced), std::begin(previous));
  }
}
