// Indexing and opening.
//
//   BM_Index_Cranfield/threads  the 1,400 Cranfield abstracts (title + body, English analyzer,
//                               positions, stored fields) into a memory directory, committed,
//                               analysing on 1 or 2 threads: documents/s and input bytes/s (wall
//                               time), index bytes per input byte
//   BM_Index_SharedWriter/threads  4 x Cranfield added by 1 or 2 threads calling add() on one
//                               writer (options.threads = 1), committed: documents/s
//   BM_Index_Open/copies        opening an on-disk index of `copies` x Cranfield (1 copy:
//                               1.3 MB of index; 64 copies: 55 MB): the cost must not grow with
//                               the postings
//   BM_Index_NearRealTime/added  IndexWriter::reader() after `added` new Cranfield documents on
//                               an on-disk index of 715 copies (1,001,000 documents; 1 copy
//                               under TRAWL_BENCH_SMOKE): the snapshot's cost must follow what
//                               was added, not the index (each iteration then rolls back)
//   BM_Index_Commit/wal         commit() of 100 new Cranfield documents on disk, without and
//                               with the write-ahead log (which the commit starts afresh)
//   BM_Index_Sync/documents     IndexWriter::sync() after `documents` additions (the log's
//                               write and fsync)
//   BM_Index_MergeInBackground/merge_threads  the commit that starts a merge of ten segments
//                               (1,400 documents each), inside it (0) or on a merge thread (1),
//                               and the additions and commit that follow while it merges
//
// Run a claim with --benchmark_repetitions=5 and read the medians.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "support/cranfield.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

const std::vector<trawl::test::CranfieldDocument>& cranfield() {
  static const auto documents = trawl::test::load_cranfield_documents(
      std::string(TRAWL_SOURCE_DIR) + "/tests/data/cranfield/cran.all.1400");
  return documents;
}

trawl::Schema cranfield_schema() {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("title").add_text("body").set_unique_key("id");
  return schema;
}

// Indexes `copies` copies of Cranfield (ids made unique) into `directory`.
bool build(std::shared_ptr<trawl::Directory> directory, int copies, std::int64_t* bytes,
           unsigned threads = 1) {
  trawl::IndexWriterOptions options;
  options.threads = threads;
  auto writer = trawl::IndexWriter::open(std::move(directory), cranfield_schema(), options);
  if (!writer) return false;
  std::int64_t total = 0;
  for (int copy = 0; copy < copies; ++copy) {
    for (const auto& doc : cranfield()) {
      total += static_cast<std::int64_t>(doc.title.size() + doc.body.size());
      if (!writer
               ->add(trawl::Document()
                         .add("id", std::to_string(copy) + "-" + doc.id)
                         .add("title", doc.title)
                         .add("body", doc.body))
               .ok()) {
        return false;
      }
    }
  }
  if (bytes != nullptr) *bytes = total;
  return writer->commit().ok();
}

std::int64_t directory_bytes(trawl::Directory& directory) {
  std::int64_t bytes = 0;
  const auto names = directory.list();
  if (!names) return -1;
  for (const std::string& name : *names) {
    bytes += static_cast<std::int64_t>(directory.open(name).value()->bytes().size());
  }
  return bytes;
}

// A writer on a fresh on-disk index, removed with the object.
struct ScratchIndex {
  std::string path;
  ScratchIndex() {
    static int counter = 0;
    path = (std::filesystem::temp_directory_path() /
            ("trawl-bench-live-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
               .string();
    std::filesystem::remove_all(path);
  }
  ~ScratchIndex() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

bool add_cranfield(trawl::IndexWriter& writer, std::size_t count, std::size_t& next) {
  for (std::size_t i = 0; i < count; ++i, ++next) {
    const auto& doc = cranfield()[next % cranfield().size()];
    if (!writer
             .add(trawl::Document()
                      .add("id", std::to_string(next))
                      .add("title", doc.title)
                      .add("body", doc.body))
             .ok()) {
      return false;
    }
  }
  return true;
}

// The benchmark loop: `count` documents added untimed, then `timed` timed (false: it failed,
// which `what` names).
template <class Timed>
void after_adding(benchmark::State& state, trawl::IndexWriter& writer, std::size_t count,
                  const char* what, Timed&& timed) {
  std::size_t next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (!add_cranfield(writer, count, next)) {
      state.SkipWithError("adding failed");
      return;
    }
    state.ResumeTiming();
    if (!timed()) {
      state.SkipWithError(what);
      return;
    }
  }
}

void BM_Index_Cranfield(benchmark::State& state) {
  std::int64_t input_bytes = 0, index_bytes = 0;
  for (auto _ : state) {
    std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
    if (!build(directory, 1, &input_bytes, static_cast<unsigned>(state.range(0)))) {
      state.SkipWithError("indexing failed");
      return;
    }
    state.PauseTiming();
    index_bytes = directory_bytes(*directory);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cranfield().size()));
  state.SetBytesProcessed(state.iterations() * input_bytes);
  state.counters["index_bytes_per_input_byte"] =
      static_cast<double>(index_bytes) / static_cast<double>(input_bytes);
}
BENCHMARK(BM_Index_Cranfield)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Several threads sharing one writer, each adding its share of 4 x Cranfield: the writer gives
// each a buffer of its own, so they analyse and invert in parallel.
void BM_Index_SharedWriter(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  constexpr std::size_t kCopies = 4;
  const std::size_t total = kCopies * cranfield().size();
  for (auto _ : state) {
    auto writer = trawl::IndexWriter::open(trawl::make_mem_directory(), cranfield_schema());
    if (!writer) {
      state.SkipWithError("open failed");
      return;
    }
    std::atomic<bool> failed{false};
    std::vector<std::thread> adders;
    for (std::size_t t = 0; t < threads; ++t) {
      adders.emplace_back([&, t] {
        for (std::size_t n = t; n < total; n += threads) {
          const auto& doc = cranfield()[n % cranfield().size()];
          if (!writer
                   ->add(trawl::Document()
                             .add("id", std::to_string(n))
                             .add("title", doc.title)
                             .add("body", doc.body))
                   .ok()) {
            failed = true;
          }
        }
      });
    }
    for (std::thread& adder : adders) adder.join();
    if (failed || !writer->commit().ok()) {
      state.SkipWithError("indexing failed");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total));
}
BENCHMARK(BM_Index_SharedWriter)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Indexes built for BM_Index_Open, once per size, removed when the process ends.
struct BuiltIndexes {
  std::map<std::string, std::string> paths;
  ~BuiltIndexes() {
    std::error_code ignored;
    for (const auto& [name, path] : paths) std::filesystem::remove_all(path, ignored);
  }
};

// An on-disk index of `copies` x Cranfield for benchmarks of `kind`, built once per process
// (removed when it ends); empty if building failed.
std::string built_index(const std::string& kind, int copies) {
  static BuiltIndexes indexes;
  auto& path = indexes.paths[kind + "-" + std::to_string(copies)];
  if (path.empty()) {
    path =
        (std::filesystem::temp_directory_path() /
         ("trawl-bench-" + kind + "-" + std::to_string(::getpid()) + "-" + std::to_string(copies)))
            .string();
    std::filesystem::remove_all(path);
    auto directory = trawl::open_fs_directory(path, true);
    if (!directory || !build(std::move(directory).value(), copies, nullptr)) path.clear();
  }
  return path;
}

void BM_Index_Open(benchmark::State& state) {
  const std::string path = built_index("open", static_cast<int>(state.range(0)));
  if (path.empty()) {
    state.SkipWithError("building the index failed");
    return;
  }
  std::uint64_t documents = 0;
  for (auto _ : state) {
    auto reader = trawl::IndexReader::open(path);
    if (!reader) {
      state.SkipWithError("open failed");
      return;
    }
    documents = reader->doc_count();
    benchmark::DoNotOptimize(documents);
  }
  auto directory = trawl::open_fs_directory(path, false);
  state.counters["index_MB"] = static_cast<double>(directory_bytes(**directory)) / 1e6;
  state.counters["documents"] = static_cast<double>(documents);
}
BENCHMARK(BM_Index_Open)->ArgName("copies")->Arg(1)->Arg(64)->Unit(benchmark::kMicrosecond);

// IndexWriter::reader() on a large committed index, after `added` documents.
void BM_Index_NearRealTime(benchmark::State& state) {
  const std::string path =
      built_index("nrt", std::getenv("TRAWL_BENCH_SMOKE") != nullptr ? 1 : 715);
  if (path.empty()) {
    state.SkipWithError("building the index failed");
    return;
  }
  auto writer = trawl::IndexWriter::open(path, cranfield_schema());
  if (!writer) {
    state.SkipWithError("opening the writer failed");
    return;
  }
  std::uint64_t documents = 0;
  after_adding(state, *writer, static_cast<std::size_t>(state.range(0)), "reader() failed", [&] {
    auto reader = writer->reader();
    state.PauseTiming();  // the rollback that takes the index back is not timed
    if (reader) documents = reader->doc_count();
    const bool ok = reader.has_value() && writer->rollback().ok();
    state.ResumeTiming();
    return ok;
  });
  state.counters["documents"] = static_cast<double>(documents);
}
BENCHMARK(BM_Index_NearRealTime)
    ->ArgName("added")
    ->Arg(1)
    ->Arg(100)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Index_Commit(benchmark::State& state) {
  ScratchIndex scratch;
  trawl::IndexWriterOptions options;
  options.wal = state.range(0) != 0;
  options.merge_factor = 0;  // the commit alone, not the merges it may start
  auto writer = trawl::IndexWriter::open(scratch.path, cranfield_schema(), options);
  if (!writer) {
    state.SkipWithError("opening the writer failed");
    return;
  }
  after_adding(state, *writer, 100, "commit failed", [&] { return writer->commit().ok(); });
}
BENCHMARK(BM_Index_Commit)
    ->ArgName("wal")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Index_Sync(benchmark::State& state) {
  ScratchIndex scratch;
  trawl::IndexWriterOptions options;
  options.wal = true;
  auto writer = trawl::IndexWriter::open(scratch.path, cranfield_schema(), options);
  if (!writer) {
    state.SkipWithError("opening the writer failed");
    return;
  }
  after_adding(state, *writer, static_cast<std::size_t>(state.range(0)), "sync failed",
               [&] { return writer->sync().ok(); });
}
BENCHMARK(BM_Index_Sync)
    ->ArgName("documents")
    ->Arg(1)
    ->Arg(100)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// The commit that fills a size class (the tenth segment of 1,400 documents, so the policy merges
// ten into one of 14,000), then 1,400 more additions and their commit, with the merge inside the
// first commit (merge_threads 0) or on the writer's merge thread (1). Times the commit that
// starts the merge (the iteration's time), and reports the additions after it (add_ms) and
// the second commit (commit2_ms): with a merge thread they run while it merges.
void BM_Index_MergeInBackground(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  const std::size_t per_commit = cranfield().size();
  std::vector<double> adds, commits;
  for (auto _ : state) {
    ScratchIndex scratch;
    trawl::IndexWriterOptions options;
    options.merge_threads = static_cast<std::size_t>(state.range(0));
    auto writer = trawl::IndexWriter::open(scratch.path, cranfield_schema(), options);
    std::size_t next = 0;
    bool ok = writer.has_value();
    for (int segment = 0; ok && segment < 9; ++segment) {
      ok = add_cranfield(*writer, per_commit, next) && writer->commit().ok();
    }
    ok = ok && add_cranfield(*writer, per_commit, next);
    if (!ok) {
      state.SkipWithError("building the segments failed");
      return;
    }
    const auto start = Clock::now();
    ok = writer->commit().ok();
    const auto committed = Clock::now();
    ok = ok && add_cranfield(*writer, per_commit, next);
    const auto added = Clock::now();
    ok = ok && writer->commit().ok();
    const auto second = Clock::now();
    ok = ok && writer->wait_for_merges().ok();
    if (!ok) {
      state.SkipWithError("commit or merge failed");
      return;
    }
    state.SetIterationTime(std::chrono::duration<double>(committed - start).count());
    adds.push_back(ms(added - committed));
    commits.push_back(ms(second - added));
  }
  const auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  state.counters["add_ms"] = median(adds);
  state.counters["commit2_ms"] = median(commits);
}
BENCHMARK(BM_Index_MergeInBackground)
    ->ArgName("merge_threads")
    ->Arg(0)
    ->Arg(1)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime();

}  // namespace
