// Each pruning algorithm on synthetic postings (random documents, scores and block bounds)
// against brute force: the same top k, in the same order, with bit-identical scores. The
// algorithms are templates over the cursor and the sink, so these run the very code searches do.
#include <algorithm>
#include <cmath>
#include <limits>
#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "search/collectors/top_scores.h"
#include "search/pruning/best_block_floor.h"
#include "search/pruning/block_max_conjunction.h"
#include "search/pruning/max_score.h"
#include "search/pruning/max_score_heap.h"
#include "search/pruning/max_score_windows.h"
#include "search/pruning/term_blocks.h"

namespace {

using trawl::DocId;
using trawl::kTerminated;
using trawl::search_internal::BoundedTerm;
using trawl::search_internal::TopScores;

struct Posting {
  DocId doc;
  double score;
};

// A cursor over a fixed postings list.
class ListCursor {
 public:
  explicit ListCursor(const std::vector<Posting>& list) : list_(&list) {}
  DocId doc() const noexcept { return at_ < list_->size() ? (*list_)[at_].doc : kTerminated; }
  void advance(DocId target) {
    while (at_ < list_->size() && (*list_)[at_].doc < target) ++at_;
  }
  void next() { advance(doc() + 1); }
  double score() { return (*list_)[at_].score; }
  trawl::Status status() const { return {}; }

 private:
  const std::vector<Posting>* list_;
  std::size_t at_ = 0;
};

// What the algorithms report to, as SegmentRun does for a search.
struct Sink {
  TopScores& top;
  const std::vector<bool>& deleted;
  std::uint64_t matched = 0;
  bool filter = false;  // the dead documents are a filter's complement: skipped to, not tested
  bool none_deleted = false;  // all_live(): what the caller knows, not what live() finds
  bool live(DocId doc) const { return !deleted[doc]; }
  bool all_live() const { return none_deleted; }
  DocId next_allowed(DocId doc) const {
    if (!filter) return doc;
    while (doc < deleted.size() && deleted[doc]) ++doc;
    return doc < deleted.size() ? doc : kTerminated;
  }
  double threshold() const { return top.threshold(); }
  void offer(double score, DocId doc) { top.offer(score, doc); }
  std::size_t wanted() const { return top.capacity(); }
  bool may_raise_floor() const { return top.admits_all(); }
  void raise_floor(double score) { top.raise_floor(score); }
  void count() { ++matched; }
  void count(std::uint64_t n) { matched += n; }
  bool expired() { return false; }
};

struct Case {
  std::vector<std::vector<Posting>> lists;  // per term, in query order
  std::vector<bool> deleted;
};

Case random_case(std::mt19937_64& rng, std::size_t terms, DocId docs) {
  Case c;
  c.deleted.resize(docs);
  for (DocId d = 0; d < docs; ++d) c.deleted[d] = rng() % 20 == 0;
  for (std::size_t t = 0; t < terms; ++t) {
    // Terms of very different densities and weights, as in real bags of words.
    const double density = std::uniform_real_distribution<double>(0.005, 0.6)(rng);
    const double weight = std::uniform_real_distribution<double>(0.1, 5.0)(rng);
    std::vector<Posting> list;
    for (DocId d = 0; d < docs; ++d) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < density) {
        // Few distinct values, so that ties are common.
        list.push_back({d, weight * static_cast<double>(1 + rng() % 8) / 8.0});
      }
    }
    c.lists.push_back(std::move(list));
  }
  return c;
}

// Block bounds over runs of 1..16 postings: each run's largest score, or the segment's largest
// (a looser but valid bound) now and then.
std::vector<BoundedTerm<std::unique_ptr<ListCursor>>> bounded(const Case& c, std::mt19937_64& rng) {
  std::vector<BoundedTerm<std::unique_ptr<ListCursor>>> terms;
  for (std::size_t t = 0; t < c.lists.size(); ++t) {
    const auto& list = c.lists[t];
    if (list.empty()) continue;
    BoundedTerm<std::unique_ptr<ListCursor>> term;
    term.cursor = std::make_unique<ListCursor>(list);
    term.order = t;
    term.cost = list.size();
    double overall = 0;
    for (const Posting& p : list) overall = std::max(overall, p.score);
    for (std::size_t at = 0; at < list.size();) {
      const std::size_t end = std::min(list.size(), at + 1 + rng() % 16);
      double bound = 0;
      for (std::size_t i = at; i < end; ++i) bound = std::max(bound, list[i].score);
      term.blocks.emplace_back(list[end - 1].doc, rng() % 10 == 0 ? overall : bound);
      at = end;
    }
    term.bound = overall;
    terms.push_back(std::move(term));
  }
  return terms;
}

// The top k by brute force: every live document with at least `min_terms` of the terms (all of
// them for a conjunction), its score summed in query order from zero.
std::vector<std::pair<double, DocId>> brute_force(const Case& c, std::size_t k, bool conjunction,
                                                  std::uint64_t* matches) {
  std::vector<std::pair<double, DocId>> scored;
  for (DocId d = 0; d < c.deleted.size(); ++d) {
    if (c.deleted[d]) continue;
    double score = 0;
    std::size_t present = 0;
    for (const auto& list : c.lists) {
      auto at = std::lower_bound(list.begin(), list.end(), d,
                                 [](const Posting& p, DocId doc) { return p.doc < doc; });
      if (at != list.end() && at->doc == d) {
        score += at->score;
        ++present;
      }
    }
    if (present == 0 || (conjunction && present != c.lists.size())) continue;
    scored.emplace_back(score, d);
  }
  *matches = scored.size();
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (scored.size() > k) scored.resize(k);
  return scored;
}

// What an algorithm kept equals brute force's top k, in order and to the bit; skipped
// documents are not counted, so the count is a lower bound, exact below k hits.
void check_top(TopScores& top, const Sink& sink,
               const std::vector<std::pair<double, DocId>>& expected,
               std::uint64_t expected_matches, std::size_t k) {
  const auto hits = top.take();
  REQUIRE(hits.size() == expected.size());
  for (std::size_t i = 0; i < hits.size(); ++i) {
    CAPTURE(i);
    CHECK(hits[i].doc == expected[i].second);
    CHECK(hits[i].score == static_cast<trawl::Score>(expected[i].first));
  }
  CHECK(sink.matched <= expected_matches);
  if (expected.size() < k) CHECK(sink.matched == expected_matches);
}

template <class Run>
void check_algorithm(const char* name, std::size_t terms_min, std::size_t terms_max,
                     bool conjunction, Run run) {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = terms_min + rng() % (terms_max - terms_min + 1);
    const DocId docs = 50 + static_cast<DocId>(rng() % 2000);
    const std::size_t k = std::vector<std::size_t>{1, 3, 10, 100, 300}[rng() % 5];  // 300: the select buffer
    Case c = random_case(rng, n, docs);
    // Half the rounds under a filter that lets a few documents through (as a date range does).
    const bool filter = rng() % 2 == 0;
    if (filter) {
      for (DocId d = 0; d < docs; ++d) c.deleted[d] = c.deleted[d] || rng() % 10 != 0;
    }
    CAPTURE(name, round, n, docs, k, filter);
    std::uint64_t expected_matches = 0;
    const auto expected = brute_force(c, k, conjunction, &expected_matches);
    TopScores top(k);
    Sink sink{top, c.deleted};
    sink.filter = filter;
    auto terms = bounded(c, rng);
    if (conjunction && terms.size() != c.lists.size()) continue;  // a word with no postings
    REQUIRE(run(std::move(terms), c.lists.size(), sink).ok());
    check_top(top, sink, expected, expected_matches, k);
  }
}

}  // namespace

TEST_CASE("Pruning algorithms: max_score equals brute force", "[search][pruning]") {
  check_algorithm("max_score", 1, 12, false, [](auto terms, std::size_t n, Sink& sink) {
    return trawl::search_internal::max_score(std::move(terms), n, sink);
  });
}

TEST_CASE("Pruning algorithms: max_score_windows equals brute force", "[search][pruning]") {
  check_algorithm("max_score_windows", 1, 15, false, [](auto terms, std::size_t, Sink& sink) {
    return trawl::search_internal::max_score_windows(std::move(terms), sink);
  });
}

// best_block_floor.h over the terms, each read again by a copy of its cursor.
template <class Terms>
void raise_floor(Terms& terms, Sink& sink) {
  REQUIRE(trawl::search_internal::raise_best_block_floor(
              terms, [&](std::size_t i) { return std::make_unique<ListCursor>(*terms[i].cursor); },
              sink)
              .ok());
}

// A floor from each word's best block (best_block_floor.h) before MaxScore starts: the hits
// stay brute force's, ties at the floor included (the scores take few distinct values).
TEST_CASE("Pruning algorithms: MaxScore from a best-block floor equals brute force",
          "[search][pruning]") {
  std::size_t raised = 0;
  const auto with_floor = [&raised](auto& terms, Sink& sink) {
    const double before = sink.threshold();
    raise_floor(terms, sink);
    if (sink.threshold() > before) ++raised;
  };
  check_algorithm("max_score_windows", 1, 15, false, [&](auto terms, std::size_t, Sink& sink) {
    with_floor(terms, sink);
    return trawl::search_internal::max_score_windows(std::move(terms), sink);
  });
  check_algorithm("max_score", 1, 12, false, [&](auto terms, std::size_t n, Sink& sink) {
    with_floor(terms, sink);
    return trawl::search_internal::max_score(std::move(terms), n, sink);
  });
  CHECK(raised > 50);  // the floor was raised often enough to matter
}

// The floor's promise itself: k live matches score at least it, so it is never above the bag's
// k-th best score (brute force); with distinct scores it is now and then exactly that score
// (where a word's best block holds the top k).
TEST_CASE("Pruning algorithms: a best-block floor is never above the k-th best score",
          "[search][pruning]") {
  std::mt19937_64 rng(20261203);
  std::size_t raised = 0, exact = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = 1 + rng() % 4;
    const DocId docs = 50 + static_cast<DocId>(rng() % 3000);
    const std::size_t k = std::vector<std::size_t>{1, 3, 10, 30}[rng() % 4];
    Case c = random_case(rng, n, docs);
    for (auto& list : c.lists) {  // distinct scores: no tie hides a floor one step too high
      for (Posting& p : list) p.score *= std::uniform_real_distribution<double>(0.5, 1.0)(rng);
    }
    CAPTURE(round, n, docs, k);
    std::uint64_t matches = 0;
    const auto expected = brute_force(c, k, false, &matches);
    TopScores top(k);
    Sink sink{top, c.deleted};
    auto terms = bounded(c, rng);
    raise_floor(terms, sink);
    if (top.threshold() == -std::numeric_limits<double>::infinity()) continue;
    ++raised;
    REQUIRE(expected.size() == k);  // k live matches reach the floor
    CHECK(top.threshold() < expected.back().first);
    if (std::nextafter(top.threshold(), 1.0) == expected.back().first) ++exact;
  }
  CHECK(raised > 100);
  CHECK(exact > 0);  // tight where a word's best block holds the top k
}

TEST_CASE("Pruning algorithms: max_score_heap equals brute force", "[search][pruning]") {
  check_algorithm("max_score_heap", 1, 40, false, [](auto terms, std::size_t, Sink& sink) {
    return trawl::search_internal::max_score_heap(std::move(terms), sink);
  });
}

TEST_CASE("Pruning algorithms: block_max_conjunction equals brute force", "[search][pruning]") {
  check_algorithm("block_max_conjunction", 2, 5, true, [](auto terms, std::size_t, Sink& sink) {
    return trawl::search_internal::block_max_conjunction(std::move(terms), sink);
  });
}

namespace {

// One word's postings cut into blocks of 1..128 documents, as term_blocks_top_k reads them:
// each with a skip-entry bound (its best score, or now and then the list's best: looser but
// valid) and a tighter one (its best score, or now and then a little above it).
class ListBlocks {
 public:
  ListBlocks(const std::vector<Posting>& list, std::mt19937_64& rng) : list_(&list) {
    double overall = 0;
    for (const Posting& p : list) overall = std::max(overall, p.score);
    for (std::size_t at = 0; at < list.size();) {
      const std::size_t end = std::min(list.size(), at + 1 + rng() % 128);
      double best = 0;
      for (std::size_t i = at; i < end; ++i) best = std::max(best, list[i].score);
      const double tight = rng() % 8 == 0 ? best * 1.05 : best;
      blocks_.push_back({at, end, rng() % 10 == 0 ? std::max(overall, tight) : tight, tight});
      at = end;
    }
  }
  bool survey() {
    surveyed_ = true;
    return true;
  }
  std::size_t count() const { return surveyed_ ? blocks_.size() : 0; }
  double bound(std::size_t b) const { return blocks_[b].bound; }
  bool may_reach(std::size_t b, double threshold) const { return blocks_[b].tight >= threshold; }
  bool load(std::size_t b) {
    block_ = b;
    ++loaded;
    return true;
  }
  std::uint32_t size() const {
    return static_cast<std::uint32_t>(blocks_[block_].end - blocks_[block_].begin);
  }
  DocId doc(std::uint32_t i) const { return (*list_)[blocks_[block_].begin + i].doc; }
  double score(std::uint32_t i) const { return (*list_)[blocks_[block_].begin + i].score; }
  trawl::Status status() const { return {}; }

  std::size_t block_count() const { return blocks_.size(); }
  std::size_t loaded = 0;

 private:
  struct Block {
    std::size_t begin, end;
    double bound, tight;
  };
  const std::vector<Posting>* list_;
  std::vector<Block> blocks_;
  std::size_t block_ = 0;
  bool surveyed_ = false;
};

}  // namespace

TEST_CASE("Pruning algorithms: term_blocks_top_k equals brute force", "[search][pruning]") {
  std::mt19937_64 rng(20261202);
  std::size_t skipped = 0;
  for (int round = 0; round < 300; ++round) {
    const DocId docs = 50 + static_cast<DocId>(rng() % 5000);
    const std::size_t k = std::vector<std::size_t>{1, 3, 10, 100, 300}[rng() % 5];  // 300: the select buffer
    Case c = random_case(rng, 1, docs);
    const bool none_deleted = round % 2 == 1;  // the sink's all-live path
    if (none_deleted) c.deleted.assign(docs, false);
    CAPTURE(round, docs, k, none_deleted);
    std::uint64_t expected_matches = 0;
    const auto expected = brute_force(c, k, false, &expected_matches);
    TopScores top(k);
    Sink sink{top, c.deleted};
    sink.none_deleted = none_deleted;
    ListBlocks blocks(c.lists[0], rng);
    REQUIRE(trawl::search_internal::term_blocks_top_k(blocks, sink).ok());
    skipped += blocks.block_count() - blocks.loaded;
    check_top(top, sink, expected, expected_matches, k);
  }
  CHECK(skipped > 0);  // the bounds did prune: the test exercised the skipping
}
