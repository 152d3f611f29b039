#include <algorithm>

#include "search/pruning/bounded_term.h"

namespace trawl::search_internal {

std::vector<std::pair<DocId, double>> block_ranges(
    const Bm25Term& bm25, const std::vector<std::vector<FieldBlock>>& fields) {
  std::vector<DocId> ends;
  for (const auto& blocks : fields) {
    for (const FieldBlock& block : blocks) ends.push_back(block.last_doc);
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<std::size_t> at(fields.size(), 0);
  std::vector<double> tfs, lengths;
  std::vector<std::pair<DocId, double>> ranges;
  ranges.reserve(ends.size());
  for (const DocId end : ends) {
    tfs.clear();
    lengths.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      while (at[i] < fields[i].size() && fields[i][at[i]].last_doc < end) ++at[i];
      if (at[i] == fields[i].size()) continue;  // the field's postings ended before the range
      const double weight = bm25.field_weights[i];
      tfs.push_back(weight * fields[i][at[i]].max_freq);
      lengths.push_back(weight * fields[i][at[i]].min_length);
    }
    double bound = 0;
    if (tfs.size() <= 6) {
      for (std::uint32_t set = 1; set < (1u << tfs.size()); ++set) {
        double tf = 0, length = 0;
        for (std::size_t i = 0; i < tfs.size(); ++i) {
          if ((set >> i) & 1u) {
            tf += tfs[i];
            length += lengths[i];
          }
        }
        bound = std::max(bound, bm25.score(tf, length));
      }
    } else {
      double tf = 0;
      for (const double t : tfs) tf += t;
      bound = bm25.score(tf, *std::min_element(lengths.begin(), lengths.end()));
    }
    // Slack for rounding: the bound is computed as the scores are.
    ranges.emplace_back(end, bound * (1 + 1e-9) + 1e-12);
  }
  return ranges;
}

}  // namespace trawl::search_internal
