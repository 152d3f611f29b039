#include "index/graph_bisection.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <numeric>
#include <utility>

namespace trawl::index_internal {

namespace {

// One thread's state: per-term degrees in the two halves of the partition being split and the
// gain of moving a document holding the term to the other half. The halves of a split are
// independent, so another thread takes one with a Bisector of its own.
class Bisector {
 public:
  Bisector(const ForwardIndex& forward, const BisectionOptions& options,
           const std::vector<double>& log2)
      : forward_(forward),
        options_(options),
        log2_(log2),
        left_(forward.term_count, 0),
        right_(forward.term_count, 0),
        gain_out_of_left_(forward.term_count, 0),
        gain_out_of_right_(forward.term_count, 0),
        moving_(forward.doc_count(), 0) {}

  void split(std::uint32_t* begin, std::uint32_t* end, unsigned threads) {
    const auto n = static_cast<std::size_t>(end - begin);
    if (n < 2 * static_cast<std::size_t>(std::max<std::uint32_t>(options_.min_partition, 1))) {
      return;
    }
    std::uint32_t* const mid = begin + n / 2;
    bisect(begin, mid, end);
    if (threads > 1) {
      auto right = std::async(std::launch::async, [&] {
        Bisector other(forward_, options_, log2_);
        other.split(mid, end, threads / 2);
      });
      split(begin, mid, threads - threads / 2);
      right.get();
    } else {
      split(begin, mid, 1);
      split(mid, end, 1);
    }
  }

 private:
  template <class Visit>
  void for_terms(std::uint32_t doc, Visit&& visit) const {
    const std::uint64_t stop = forward_.starts[doc + 1];
    for (std::uint64_t i = forward_.starts[doc]; i < stop; ++i) visit(forward_.terms[i]);
  }

  // Swaps documents between [begin, mid) and [mid, end) while that lowers the cost.
  void bisect(std::uint32_t* begin, std::uint32_t* mid, std::uint32_t* end) {
    touched_.clear();
    const auto count = [&](std::uint32_t* from, std::uint32_t* to, std::vector<std::uint32_t>& side) {
      for (const std::uint32_t* d = from; d != to; ++d) {
        for_terms(*d, [&](std::uint32_t t) {
          if (left_[t] == 0 && right_[t] == 0) touched_.push_back(t);
          ++side[t];
        });
      }
    };
    count(begin, mid, left_);
    count(mid, end, right_);
    const double log_left = log2_[static_cast<std::size_t>(mid - begin)];
    const double log_right = log2_[static_cast<std::size_t>(end - mid)];
    // A term in a of the left half's documents and b of the right's.
    const auto cost = [&](std::uint32_t a, std::uint32_t b) {
      return a * (log_left - log2_[a + 1]) + b * (log_right - log2_[b + 1]);
    };
    for (std::uint32_t round = 0; round < options_.max_iterations; ++round) {
      for (const std::uint32_t t : touched_) {
        const std::uint32_t a = left_[t], b = right_[t];
        const double now = cost(a, b);
        gain_out_of_left_[t] = a > 0 ? now - cost(a - 1, b + 1) : 0;
        gain_out_of_right_[t] = b > 0 ? now - cost(a + 1, b - 1) : 0;
      }
      gains(begin, mid, gain_out_of_left_, left_gains_);
      gains(mid, end, gain_out_of_right_, right_gains_);
      // Best movers first on both sides; a pair is swapped while the two gains sum above zero.
      const auto better = [](const std::pair<double, std::uint32_t>& x,
                             const std::pair<double, std::uint32_t>& y) {
        return x.first > y.first || (x.first == y.first && x.second < y.second);
      };
      std::sort(left_gains_.begin(), left_gains_.end(), better);
      std::sort(right_gains_.begin(), right_gains_.end(), better);
      std::size_t swaps = 0;
      const std::size_t most = std::min(left_gains_.size(), right_gains_.size());
      while (swaps < most && left_gains_[swaps].first + right_gains_[swaps].first > 0) ++swaps;
      if (swaps == 0) break;
      for (std::size_t i = 0; i < swaps; ++i) {
        const std::uint32_t out = left_gains_[i].second, in = right_gains_[i].second;
        moving_[out] = moving_[in] = 1;
        for_terms(out, [&](std::uint32_t t) {
          --left_[t];
          ++right_[t];
        });
        for_terms(in, [&](std::uint32_t t) {
          ++left_[t];
          --right_[t];
        });
      }
      // Each mover takes the place of one going the other way; the rest keep theirs (the marks
      // of both sides' movers are cleared as they are met).
      std::size_t next_in = 0, next_out = 0;
      for (std::uint32_t* d = begin; d != mid; ++d) {
        if (moving_[*d]) {
          moving_[*d] = 0;
          *d = right_gains_[next_in++].second;
        }
      }
      for (std::uint32_t* d = mid; d != end; ++d) {
        if (moving_[*d]) {
          moving_[*d] = 0;
          *d = left_gains_[next_out++].second;
        }
      }
      // Converged: the last rounds of a split swap a pair or two each, for little gain (and
      // each round costs a pass over every term of every document of the partition).
      if (swaps * 1000 < static_cast<std::size_t>(end - begin)) break;
    }
    for (const std::uint32_t t : touched_) left_[t] = right_[t] = 0;
  }

  void gains(const std::uint32_t* from, const std::uint32_t* to, const std::vector<double>& gain,
             std::vector<std::pair<double, std::uint32_t>>& out) const {
    out.clear();
    for (const std::uint32_t* d = from; d != to; ++d) {
      double sum = 0;
      for_terms(*d, [&](std::uint32_t t) { sum += gain[t]; });
      out.emplace_back(sum, *d);
    }
  }

  const ForwardIndex& forward_;
  const BisectionOptions& options_;
  const std::vector<double>& log2_;
  std::vector<std::uint32_t> left_, right_;  // per term: documents holding it in each half
  std::vector<double> gain_out_of_left_, gain_out_of_right_;  // per term
  std::vector<std::uint8_t> moving_;                          // per document
  std::vector<std::uint32_t> touched_;  // terms of the partition being split
  std::vector<std::pair<double, std::uint32_t>> left_gains_, right_gains_;
};

}  // namespace

std::vector<std::uint32_t> bisection_order(const ForwardIndex& forward,
                                           const BisectionOptions& options) {
  std::vector<std::uint32_t> order(forward.doc_count());
  std::iota(order.begin(), order.end(), 0u);
  std::vector<double> log2(order.size() + 2, 0.0);
  for (std::size_t i = 1; i < log2.size(); ++i) log2[i] = std::log2(static_cast<double>(i));
  Bisector(forward, options, log2)
      .split(order.data(), order.data() + order.size(), std::max(options.threads, 1u));
  return order;
}

double log_gap_cost(const ForwardIndex& forward, const std::vector<std::uint32_t>& order) {
  // Per term, the position of its last document so far, walking the documents in `order`.
  std::vector<std::int64_t> last(forward.term_count, -1);
  double cost = 0;
  for (std::size_t position = 0; position < order.size(); ++position) {
    const std::uint32_t doc = order[position];
    for (std::uint64_t i = forward.starts[doc]; i < forward.starts[doc + 1]; ++i) {
      const std::uint32_t t = forward.terms[i];
      const auto gap = static_cast<double>(static_cast<std::int64_t>(position) - last[t]);
      cost += std::log2(gap) + 1;
      last[t] = static_cast<std::int64_t>(position);
    }
  }
  return cost;
}

}  // namespace trawl::index_internal
