// Fault injection (tests/support/fault_directory.h): every storage operation that indexing,
// committing and merging reaches is made to fail in turn — once, from then on (a full disk), and
// as a short write. For each: the failing call returns an IOError that names the operation; the
// writer rolls back and goes on; the index on disk opens with exactly the documents of its last
// successful commit; and after the lost work is redone it searches exactly like an index built
// without faults.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/cranfield.h"
#include "support/fault_directory.h"
#include "support/test_data.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace {

using trawl::test::FaultDirectory;

const std::vector<trawl::test::CranfieldDocument>& corpus() {
  static const auto documents = trawl::test::load_cranfield_documents(
      trawl::test::source_path("data/cranfield/cran.all.1400"));
  return documents;
}

trawl::Schema schema() {
  trawl::Schema s;
  s.add_keyword("id").add_text("title").add_text("body").set_unique_key("id");
  return s;
}

trawl::IndexWriterOptions options() {
  trawl::IndexWriterOptions o;
  o.ram_budget_bytes = 48 * 1024;  // several flushes per phase
  o.merge_factor = 3;              // and merges at commit
  // Inside commit(), so that every run meets the same storage operations in the same order
  // (background merges' faults: their own test below).
  o.merge_threads = 0;
  return o;
}

trawl::Document document(std::size_t i) {
  const auto& d = corpus()[i];
  return trawl::Document().add("id", d.id).add("title", d.title).add("body", d.body);
}

// The first phase (committed before faults are armed) and the second (under faults), plus the
// ids the second phase removes.
constexpr std::size_t kFirst = 24;
constexpr std::size_t kSecond = 54;
bool removed_in_second_phase(std::size_t i) { return i < kFirst && i % 7 == 3; }

// The second phase: more documents, removals, a commit (with its merges). `near_real_time`:
// with a snapshot (IndexWriter::reader()) after the additions and after the removals, whose
// segments the commit adopts; the first must keep its documents whatever fails later.
trawl::Status second_phase(trawl::IndexWriter& writer, bool near_real_time = false) {
  for (std::size_t i = kFirst; i < kSecond; ++i) TRAWL_RETURN_IF_ERROR(writer.add(document(i)));
  std::optional<trawl::IndexReader> snapshot;
  if (near_real_time) {
    auto taken = writer.reader();
    if (!taken) return taken.error();
    snapshot.emplace(std::move(taken).value());
  }
  for (std::size_t i = 0; i < kFirst; ++i) {
    if (removed_in_second_phase(i)) {
      auto removed = writer.remove(corpus()[i].id);
      if (!removed) return removed.error();
    }
  }
  if (near_real_time) TRAWL_RETURN_IF_ERROR(writer.reader().status());
  trawl::Status status = writer.commit();
  if (snapshot) {
    CHECK(snapshot->doc_count() == kSecond);
    CHECK(snapshot->check().ok());
  }
  return status;
}

// Ids, and for a few queries the ranked (id, score) lists: what "searches the same" means.
struct Snapshot {
  std::set<std::string> ids;
  std::vector<std::vector<std::pair<std::string, float>>> rankings;
  bool operator==(const Snapshot& other) const {
    return ids == other.ids && rankings == other.rankings;
  }
};

Snapshot snapshot(std::shared_ptr<trawl::Directory> directory) {
  auto reader = trawl::IndexReader::open(std::move(directory));
  REQUIRE(reader.has_value());
  const trawl::Searcher searcher(std::move(reader).value());
  Snapshot s;
  trawl::SearchOptions all;
  all.k = 100000;
  const auto everything = searcher.search(trawl::Query::match_all(), all);
  REQUIRE(everything.has_value());
  const auto documents = searcher.documents(everything->hits);
  REQUIRE(documents.has_value());
  for (const auto& document : *documents) s.ids.insert(*document.get("id"));
  for (const char* text : {"boundary layer", "supersonic flow"}) {
    const auto result = searcher.search(trawl::Query::term("", text));
    REQUIRE(result.has_value());
    const auto found = searcher.documents(result->hits);
    REQUIRE(found.has_value());
    std::vector<std::pair<std::string, float>> ranking;
    for (std::size_t h = 0; h < result->hits.size(); ++h) {
      ranking.emplace_back(*(*found)[h].get("id"), result->hits[h].score);
    }
    s.rankings.push_back(std::move(ranking));
  }
  return s;
}

// The index after phase one alone, and after both: built without faults.
struct References {
  Snapshot first, both;
};

const References& references() {
  static const References refs = [] {
    References r;
    auto directory = std::shared_ptr<trawl::Directory>(trawl::make_mem_directory());
    auto writer = trawl::IndexWriter::open(directory, schema(), options());
    for (std::size_t i = 0; i < kFirst; ++i) (void)writer->add(document(i));
    (void)writer->commit();
    r.first = snapshot(directory);
    (void)second_phase(*writer);
    r.both = snapshot(directory);
    return r;
  }();
  return refs;
}

struct Outcome {
  bool failed = false;  // the injected fault was reached
};


// One run with operation `n` (counted from the start of phase two) failing.
Outcome run_with_fault(std::uint64_t n, FaultDirectory::Mode mode, bool short_writes,
                       bool near_real_time = false) {
  auto memory = std::shared_ptr<trawl::Directory>(trawl::make_mem_directory());
  auto faulty = std::make_shared<FaultDirectory>(memory);
  std::optional<trawl::IndexWriter> writer;
  {
    auto opened = trawl::IndexWriter::open(faulty, schema(), options());
    REQUIRE(opened.has_value());
    writer.emplace(std::move(opened).value());
  }
  for (std::size_t i = 0; i < kFirst; ++i) REQUIRE(writer->add(document(i)).ok());
  REQUIRE(writer->commit().ok());

  const std::uint64_t generation = writer->committed_generation();
  faulty->arm(n, mode, short_writes);
  const trawl::Status status = second_phase(*writer, near_real_time);
  // A failure after the commit point of phase two (in a merge after it) says the commit holds.
  const bool durable = writer->committed_generation() > generation;
  Outcome outcome;
  outcome.failed = faulty->failures() > 0;
  faulty->disarm();
  if (!outcome.failed || status.ok()) {
    // No fault reached, or one in best-effort cleanup (removing files no commit references),
    // which is not an error: phase two is committed.
    REQUIRE(status.ok());
    CHECK(snapshot(memory).ids == references().both.ids);
    if (!outcome.failed) CHECK(snapshot(memory) == references().both);
    return outcome;
  }
  // The failure is reported, as an I/O error naming what failed (possibly with context).
  CHECK(status.is_io_error());
  CHECK(status.to_string().find("injected fault") != std::string::npos);
  if (durable) {
    CHECK(status.to_string().find("is durable; the merge after it failed") != std::string::npos);
  }

  // Roll back: the writer returns to what is committed on disk, which opens, passes check(),
  // and holds exactly the documents of one of the two commits: the first, searching exactly as
  // before; or, for a fault after the commit point (in a merge, or the directory sync after the
  // rename), both (scores may then differ from the reference's by the removed documents that a
  // merge had not yet purged from the statistics, as in Lucene).
  REQUIRE(writer->rollback().ok());
  {
    auto reader = trawl::IndexReader::open(memory);
    REQUIRE(reader.has_value());
    CHECK(reader->check().ok());
  }
  const Snapshot after_fault = snapshot(memory);
  const bool first_only = after_fault == references().first;
  const bool both = after_fault.ids == references().both.ids;
  CHECK((first_only || both));
  if (durable) CHECK(both);

  // And goes on: redoing phase two (updates are idempotent by key) gives the reference index:
  // the same one after a rollback to the first commit; the same documents after one to both
  // (the updates then replace documents already there, whose deleted copies count in the
  // statistics until a merge drops them, wherever the flushes fell).
  for (std::size_t i = kFirst; i < kSecond; ++i) REQUIRE(writer->update(document(i)).ok());
  for (std::size_t i = 0; i < kFirst; ++i) {
    if (removed_in_second_phase(i)) REQUIRE(writer->remove(corpus()[i].id).has_value());
  }
  REQUIRE(writer->commit().ok());
  const auto agrees = [&] {
    const Snapshot redone = snapshot(memory);
    return first_only ? redone == references().both : redone.ids == references().both.ids;
  };
  CHECK(agrees());
  // A new writer on the same files agrees (nothing half-written is left referenced).
  writer.reset();
  auto reopened = trawl::IndexWriter::open(memory, schema(), options());
  REQUIRE(reopened.has_value());
  CHECK(agrees());
  return outcome;
}

}  // namespace

TEST_CASE("Fault injection: every storage operation of indexing and committing may fail",
          "[index][faults]") {
  struct Kind {
    const char* name;
    FaultDirectory::Mode mode;
    bool short_writes;
  };
  const Kind kind = GENERATE(Kind{"transient error", FaultDirectory::Mode::kOnce, false},
                             Kind{"full disk", FaultDirectory::Mode::kFromThenOn, false},
                             Kind{"short write, then full disk", FaultDirectory::Mode::kFromThenOn, true});
  CAPTURE(kind.name);
  // Every operation fails as a transient error; a full disk takes the odd ones and a short write
  // the even ones, so that every operation meets a lasting failure too (each point costs about
  // a second under the sanitizers: every point in all three modes took 25 minutes).
  const std::uint64_t stride = kind.mode == FaultDirectory::Mode::kOnce ? 1 : 2;
  const std::uint64_t first = kind.short_writes ? 2 : 1;
  std::uint64_t points = 0;
  for (std::uint64_t n = first;; n += stride) {
    CAPTURE(n);
    if (!run_with_fault(n, kind.mode, kind.short_writes).failed) break;
    ++points;
  }
  // Phase two reaches a few hundred operations.
  CHECK(points > 100 / stride);
  WARN(kind.name << ": " << points << " injection points exercised");
}

TEST_CASE("Fault injection: near-real-time snapshots and the commit that adopts them may fail",
          "[index][faults]") {
  // Every fourth operation, transient errors only: the operations they share with the test
  // above fail there, each in every mode; under the sanitizers every point costs a second.
  std::uint64_t points = 0;
  for (std::uint64_t n = 1;; n += 4) {
    CAPTURE(n);
    if (!run_with_fault(n, FaultDirectory::Mode::kOnce, false, /*near_real_time=*/true).failed) {
      break;
    }
    ++points;
  }
  CHECK(points > 25);
}

TEST_CASE("Fault injection: a background merge that fails loses nothing and is tried again",
          "[index][faults][concurrency]") {
  trawl::IndexWriterOptions background = options();
  background.merge_threads = 1;
  std::uint64_t reported = 0;
  for (std::uint64_t n = 1; n <= 400; n += 13) {
    CAPTURE(n);
    auto memory = std::shared_ptr<trawl::Directory>(trawl::make_mem_directory());
    auto faulty = std::make_shared<FaultDirectory>(memory);
    auto writer = trawl::IndexWriter::open(faulty, schema(), background);
    REQUIRE(writer.has_value());
    // Commits of a few documents each: the policy merges every third segment, in the
    // background, while the next commits go on; the n-th storage operation fails, from then on.
    faulty->arm(n, FaultDirectory::Mode::kFromThenOn);
    trawl::Status failed;
    for (std::size_t i = 0; i < kSecond && failed.ok(); ++i) {
      failed = writer->add(document(i));
      if (failed.ok() && i % 4 == 3) failed = writer->commit();
    }
    faulty->disarm();
    // A merge that failed (its retries too, while the fault lasted) is reported once.
    trawl::Status merges = writer->wait_for_merges();
    // What failed says so: a commit, or a merge (reported by the commit after it or by
    // wait_for_merges()).
    if (!failed.ok()) CHECK(failed.to_string().find("injected fault") != std::string::npos);
    if (failed.to_string().find("a background merge before it failed") != std::string::npos) {
      ++reported;
    }
    if (!merges.ok()) {
      ++reported;
      CHECK(merges.to_string().find("injected fault") != std::string::npos);
    }
    // Then everything goes on: what was lost with a failed commit is added again, and the
    // merges, tried again, succeed.
    REQUIRE(writer->rollback().ok());
    for (std::size_t i = 0; i < kSecond; ++i) REQUIRE(writer->update(document(i)).ok());
    REQUIRE(writer->commit().ok());
    REQUIRE(writer->wait_for_merges().ok());
    auto reader = trawl::IndexReader::open(memory);
    REQUIRE(reader.has_value());
    CHECK(reader->check().ok());
    CHECK(reader->doc_count() == kSecond);
    CHECK(reader->segment_count() < 10);
  }
  CHECK(reported > 0);  // some faults landed in a background merge
}
