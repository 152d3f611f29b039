// Document reordering by recursive graph bisection (Dhulipala et al., "Compressing Graphs and
// Indexes with Recursive Graph Bisection", KDD 2016; Mackenzie et al., "Compressing Inverted
// Indexes with Recursive Graph Bisection: A Reproducibility Study", ECIR 2019). Documents that
// share terms get neighbouring numbers, so a term's document gaps shrink (fewer bits per
// posting) and its high scores gather in fewer blocks (tighter block bounds, more blocks
// skipped). Rankings do not change: only which number a document has.
//
// The documents are split in two halves, and documents are swapped between the halves while a
// swap lowers the estimated cost of encoding every term's gaps (log-gap cost: a term in d of a
// half's n documents costs about d * log2(n / (d + 1)) bits there); then each half is split in
// turn, down to small partitions.
#ifndef TRAWL_SRC_INDEX_GRAPH_BISECTION_H_
#define TRAWL_SRC_INDEX_GRAPH_BISECTION_H_

#include <cstdint>
#include <vector>

namespace trawl::index_internal {

/// Documents as sets of terms: document d's distinct terms, numbered below term_count, are
/// terms[starts[d]] .. terms[starts[d + 1] - 1]. starts has one entry per document and one more.
struct ForwardIndex {
  std::vector<std::uint64_t> starts{0};
  std::vector<std::uint32_t> terms;
  std::uint32_t term_count = 0;

  std::uint32_t doc_count() const { return static_cast<std::uint32_t>(starts.size() - 1); }
};

struct BisectionOptions {
  /// Partitions of fewer than twice this many documents are not split further.
  std::uint32_t min_partition = 16;
  /// Rounds of swaps per split (fewer when a round swaps nothing).
  std::uint32_t max_iterations = 20;
  /// Threads the halves of the first splits run on (the result is the same for any count).
  unsigned threads = 1;
};

/// The new order of `forward`'s documents: element i is the document that takes number i.
/// Deterministic: the same input gives the same order.
std::vector<std::uint32_t> bisection_order(const ForwardIndex& forward,
                                           const BisectionOptions& options = {});

/// The log-gap cost of `forward`'s postings numbered as `order` says: the sum over every
/// term's gaps g of log2(g) + 1 (the bits of the gaps in a simple code), the measure the
/// bisection lowers. For tests and reports.
double log_gap_cost(const ForwardIndex& forward, const std::vector<std::uint32_t>& order);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_GRAPH_BISECTION_H_
