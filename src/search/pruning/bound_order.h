// BoundOrder: the split of a bag of words into essential and non-essential terms that both
// MaxScore forms keep.
#ifndef TRAWL_SRC_SEARCH_PRUNING_BOUND_ORDER_H_
#define TRAWL_SRC_SEARCH_PRUNING_BOUND_ORDER_H_

#include <algorithm>
#include <cstddef>
#include <vector>

namespace trawl::search_internal {

// MaxScore's split of a bag: the terms sorted by their segment-wide bounds, the running sums of
// those bounds, and the first essential term: terms[essential, n) could still lift a document
// into the top k; the others, even all together, cannot.
struct BoundOrder {
  template <class Term>
  explicit BoundOrder(std::vector<Term>& terms) : prefix(terms.size()) {
    std::sort(terms.begin(), terms.end(),
              [](const Term& a, const Term& b) { return a.bound < b.bound; });
    double running = 0;
    for (std::size_t i = 0; i < terms.size(); ++i) prefix[i] = running += terms[i].bound;
  }
  // Moves the split up past the terms that `threshold` made non-essential.
  void update(double threshold) {
    while (essential < prefix.size() && prefix[essential] <= threshold) ++essential;
  }

  std::vector<double> prefix;  // prefix[i]: bounds of terms 0..i summed
  std::size_t essential = 0;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BOUND_ORDER_H_
