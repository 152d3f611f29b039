#include <algorithm>

#include "search/pruning/bounded_term.h"

namespace trawl::search_internal {

// Rounding slack: a bound is computed as the scores are, not by the same expressions.
double with_slack(double bound) { return bound * (1 + 1e-9) + 1e-12; }

double one_field_block_bound(const Bm25Kernel& kernel, double weight,
                             const index_internal::Impacts& impacts) {
  return with_slack(kernel.bound(weight, impacts));
}

std::vector<std::pair<DocId, double>> block_ranges(
    const Bm25Term& bm25, const std::vector<std::vector<FieldBlock>>& fields) {
  const Bm25Kernel kernel = bm25.kernel();
  std::vector<std::pair<DocId, double>> ranges;
  std::vector<DocId> ends;
  for (const auto& blocks : fields) {
    for (const FieldBlock& block : blocks) ends.push_back(block.last_doc);
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<std::size_t> at(fields.size(), 0);
  std::vector<const FieldBlock*> covering;
  std::vector<double> weights, tfs, lengths;
  ranges.reserve(ends.size());
  for (const DocId end : ends) {
    covering.clear();
    weights.clear();
    tfs.clear();
    lengths.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      while (at[i] < fields[i].size() && fields[i][at[i]].last_doc < end) ++at[i];
      if (at[i] == fields[i].size()) continue;  // the field's postings ended before the range
      const FieldBlock& block = fields[i][at[i]];
      const double weight = bm25.field_weights[i];
      covering.push_back(&block);
      weights.push_back(weight);
      tfs.push_back(weight * block.impacts.pairs[block.impacts.count - 1].freq);
      lengths.push_back(weight * block.impacts.pairs[0].length);
    }
    double bound = 0;
    for (std::size_t i = 0; i < covering.size(); ++i) {
      bound = std::max(bound, kernel.bound(weights[i], covering[i]->impacts));
    }
    if (tfs.size() <= 6) {
      for (std::uint32_t set = 1; set < (1u << tfs.size()); ++set) {
        if ((set & (set - 1)) == 0) continue;  // one field: its impacts, above
        double tf = 0, length = 0;
        for (std::size_t i = 0; i < tfs.size(); ++i) {
          if ((set >> i) & 1u) {
            tf += tfs[i];
            length += lengths[i];
          }
        }
        bound = std::max(bound, kernel.score(tf, length));
      }
    } else {
      double tf = 0;
      for (const double t : tfs) tf += t;
      bound = std::max(bound, kernel.score(tf, *std::min_element(lengths.begin(), lengths.end())));
    }
    ranges.emplace_back(end, with_slack(bound));
  }
  return ranges;
}

}  // namespace trawl::search_internal
