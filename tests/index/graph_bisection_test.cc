// Recursive graph bisection: a permutation, the same for any thread count, and on documents
// drawn from topics (each with its own words) and shuffled, an order whose log-gap cost is far
// below the shuffled order's and near the order that groups the topics.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "index/graph_bisection.h"

namespace {

using trawl::index_internal::bisection_order;
using trawl::index_internal::BisectionOptions;
using trawl::index_internal::ForwardIndex;
using trawl::index_internal::log_gap_cost;

struct Corpus {
  ForwardIndex forward;
  std::vector<std::uint32_t> topic;  // per document
};

// `docs` documents, each of one of `topics` topics: 12 words of its topic's 40 and 4 of 200
// shared ones, distinct; documents in random order.
Corpus topical(std::uint32_t docs, std::uint32_t topics, std::uint32_t seed) {
  std::mt19937 engine(seed);
  const auto below = [&engine](std::uint32_t n) { return static_cast<std::uint32_t>(engine() % n); };
  Corpus corpus;
  corpus.forward.term_count = 200 + topics * 40;
  for (std::uint32_t d = 0; d < docs; ++d) {
    const std::uint32_t topic = below(topics);
    std::set<std::uint32_t> words;
    while (words.size() < 12) words.insert(200 + topic * 40 + below(40));
    while (words.size() < 16) words.insert(below(200));
    corpus.forward.terms.insert(corpus.forward.terms.end(), words.begin(), words.end());
    corpus.forward.starts.push_back(corpus.forward.terms.size());
    corpus.topic.push_back(topic);
  }
  return corpus;
}

bool is_permutation_of_all(const std::vector<std::uint32_t>& order, std::uint32_t n) {
  std::vector<std::uint32_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  return sorted == all;
}

}  // namespace

TEST_CASE("Graph bisection groups documents that share words", "[index][reorder]") {
  const Corpus corpus = topical(4000, 20, 7);
  std::vector<std::uint32_t> identity(4000);
  std::iota(identity.begin(), identity.end(), 0u);
  std::vector<std::uint32_t> by_topic = identity;
  std::stable_sort(by_topic.begin(), by_topic.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return corpus.topic[a] < corpus.topic[b]; });

  const std::vector<std::uint32_t> order = bisection_order(corpus.forward);
  REQUIRE(is_permutation_of_all(order, 4000));
  const double shuffled = log_gap_cost(corpus.forward, identity);
  const double grouped = log_gap_cost(corpus.forward, by_topic);
  const double bisected = log_gap_cost(corpus.forward, order);
  INFO("shuffled " << shuffled << ", grouped by topic " << grouped << ", bisected " << bisected);
  REQUIRE(grouped < 0.8 * shuffled);  // the corpus has something to find
  CHECK(bisected < 0.8 * shuffled);
  CHECK(bisected < grouped + 0.15 * (shuffled - grouped));

  // Neighbours mostly share a topic.
  std::size_t same = 0;
  for (std::size_t i = 1; i < order.size(); ++i) same += corpus.topic[order[i]] == corpus.topic[order[i - 1]];
  CHECK(same > order.size() * 3 / 4);
}

TEST_CASE("Graph bisection is deterministic and the same for any thread count",
          "[index][reorder][concurrency]") {
  const Corpus corpus = topical(1500, 9, 11);
  BisectionOptions options;
  const auto one = bisection_order(corpus.forward, options);
  CHECK(bisection_order(corpus.forward, options) == one);
  options.threads = 2;
  CHECK(bisection_order(corpus.forward, options) == one);
  options.threads = 5;
  CHECK(bisection_order(corpus.forward, options) == one);
}

TEST_CASE("Graph bisection of small and empty inputs", "[index][reorder]") {
  ForwardIndex empty;
  CHECK(bisection_order(empty).empty());
  CHECK(log_gap_cost(empty, {}) == 0);

  // Documents without terms, and fewer than a partition: a permutation all the same.
  ForwardIndex blank;
  for (int d = 0; d < 100; ++d) blank.starts.push_back(0);
  CHECK(is_permutation_of_all(bisection_order(blank), 100));
  const Corpus tiny = topical(20, 3, 5);
  CHECK(is_permutation_of_all(bisection_order(tiny.forward), 20));
  BisectionOptions options;
  options.min_partition = 0;  // taken as 1: splits down to single documents
  CHECK(is_permutation_of_all(bisection_order(tiny.forward, options), 20));
}
