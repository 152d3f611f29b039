// Many searcher threads while one writer adds, removes, commits and merges: every search sees
// some committed snapshot, whole (its document count is one the writer committed, and every hit
// can be fetched), never a half-written one, and nothing fails. Run under ThreadSanitizer by
// scripts/test (tag [concurrency]).
#include <catch2/catch.hpp>

#include <atomic>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

TEST_CASE("Concurrency: searchers during commits and merges see whole committed snapshots",
          "[search][concurrency]") {
  constexpr int kCommits = 24;
  constexpr int kPerCommit = 25;
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").set_unique_key("id");
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 16 * 1024;  // flushes within a commit
  options.merge_factor = 3;              // and merges after most commits
  auto writer = trawl::IndexWriter::open(directory, schema, options);
  REQUIRE(writer.has_value());
  REQUIRE(writer->commit().ok());  // an empty first snapshot

  // Commit c holds c * kPerCommit documents added, c of them removed again.
  std::set<std::uint64_t> committed_counts;
  for (int c = 0; c <= kCommits; ++c) {
    committed_counts.insert(static_cast<std::uint64_t>(c * kPerCommit - c));
  }

  std::atomic<bool> done{false};
  std::atomic<int> searches{0};
  std::vector<int> failures(6, 0);
  std::vector<std::thread> readers;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    readers.emplace_back([&, t] {
      auto opened = trawl::IndexReader::open(directory);
      if (!opened) {
        ++failures[t];
        return;
      }
      std::optional<trawl::IndexReader> reader(std::move(opened).value());
      while (!done.load()) {
        // Half the threads reopen (sharing unchanged segments), half open afresh.
        auto next = t % 2 ? reader->reopen() : trawl::IndexReader::open(directory);
        if (!next) {
          ++failures[t];
          continue;
        }
        reader.emplace(std::move(next).value());
        const trawl::Searcher searcher(*reader);
        trawl::SearchOptions exact;
        exact.k = 20;
        exact.exact_count = true;
        auto all = searcher.search(trawl::Query::term("body", "common"), exact);
        if (!all || committed_counts.count(all->total_hits) == 0 ||
            !searcher.documents(all->hits).has_value()) {
          ++failures[t];
        }
        auto ranked = searcher.search(trawl::Query::term("body", "common rare7 word3"));
        if (!ranked) ++failures[t];
        ++searches;
      }
    });
  }

  int next_id = 0;
  for (int c = 1; c <= kCommits; ++c) {
    for (int i = 0; i < kPerCommit; ++i, ++next_id) {
      const std::string text = "common word" + std::to_string(next_id % 10) + " rare" +
                               std::to_string(next_id % 13) + " doc" + std::to_string(next_id);
      REQUIRE(writer->add(trawl::Document().add("id", std::to_string(next_id)).add("body", text)).ok());
    }
    REQUIRE(writer->remove(std::to_string(next_id - 1)).has_value());
    REQUIRE(writer->commit().ok());
  }
  // Let the readers see the last snapshot too.
  while (searches.load() < 50) std::this_thread::yield();
  done = true;
  for (auto& thread : readers) thread.join();
  CHECK(failures == std::vector<int>(failures.size(), 0));
  auto last = trawl::IndexReader::open(directory);
  REQUIRE(last.has_value());
  trawl::SearchOptions exact;
  exact.exact_count = true;
  CHECK(trawl::Searcher(*last).search(trawl::Query::term("body", "common"), exact)->total_hits ==
        static_cast<std::uint64_t>(kCommits * kPerCommit - kCommits));
}
