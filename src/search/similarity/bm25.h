// BM25, the one place its formula lives (searcher.h documents it for users): the weight of a
// term or phrase over a set of fields scored as one text, its score for a document, and the
// explanation of that score. Scorers, pruning bounds and explain() all call score(), so they
// agree to the last bit.
#ifndef TRAWL_SRC_SEARCH_SIMILARITY_BM25_H_
#define TRAWL_SRC_SEARCH_SIMILARITY_BM25_H_

#include <cstdint>
#include <string>
#include <vector>

#include "index/segment_reader.h"
#include "trawl/search/searcher.h"
#include "trawl/types.h"
#include "util/small_vector.h"

namespace trawl::search_internal {

/// idf = ln(1 + (N - df + 0.5) / (df + 0.5)), Lucene's form. N is never taken below df
/// (statistics of old segments may undercount it), so idf >= 0.
double bm25_idf(double n, double df);

/// BM25's score with the query's constants folded: one multiplication, one addition and one
/// division per document where the formula as written has two divisions. Scorers hold one
/// (Bm25Term::kernel()); Bm25Term::score computes through it too, so every path (pruned,
/// exhaustive, bounds, explain) agrees to the last bit.
struct Bm25Kernel {
  double scale = 0;       // weight * (k1 + 1)
  double norm_base = 0;   // k1 * (1 - b)
  double norm_slope = 0;  // k1 * b / avgdl

  /// `tf` and `dl` already weighted and summed over the fields.
  double score(double tf, double dl) const { return scale * tf / (tf + (norm_base + norm_slope * dl)); }
  /// No document of a block with these impacts, in a field of weight `weight`, scores more:
  /// the best of the pairs (the field's tf and length weighted, as scores take them).
  double bound(double weight, const index_internal::Impacts& impacts) const {
    double best = 0;
    for (std::size_t i = 0; i < impacts.count; ++i) {
      const double pair = score(weight * impacts.pairs[i].freq, weight * impacts.pairs[i].length);
      if (pair > best) best = pair;
    }
    return best;
  }
};

/// The fields a term is scored over, and their weights. A group has one or two fields almost
/// always, and a query copies them for each word (its weights, their merged bag), so they are
/// kept inline rather than on the heap: allocations were a tenth of a query's instructions.
using FieldList = util::SmallVector<std::uint32_t, 4>;
using FieldWeights = util::SmallVector<double, 4>;

/// BM25 of a term or phrase over a set of fields treated as one text.
struct Bm25Term {
  double weight = 0;                              // boost * idf (* query term frequency)
  double idf = 0, n = 0, df = 0, multiplier = 1;  // weight's parts, for explanations
  double k1 = 0.9, b = 0.4;
  double avgdl = 1;
  FieldList fields;
  FieldWeights field_weights;  // aligned with fields

  /// The constants of score(); take it once the fields above are final.
  Bm25Kernel kernel() const { return {weight * (k1 + 1), k1 * (1 - b), k1 * b / avgdl}; }
  /// `tf` and `dl` already weighted and summed over the fields.
  double score(double tf, double dl) const { return kernel().score(tf, dl); }
  /// The document's length over the fields, weighted.
  double length(const index_internal::SegmentReader& segment, DocId doc) const {
    double dl = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      dl += field_weights[i] * segment.field_length(fields[i], doc);
    }
    return dl;
  }
  /// The fields' names joined by '+' ("title+body"), for explanations.
  std::string field_names(const Schema& schema) const;
  /// score(tf, dl) with its parts: what the explanation of `what` ("body:talk") shows.
  Explanation explain(const std::string& what, double tf, double dl) const;
};

/// "%.6g" of `value`, as explanations and messages print numbers.
std::string format_number(double value);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SIMILARITY_BM25_H_
