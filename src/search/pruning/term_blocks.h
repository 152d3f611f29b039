#ifndef TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_
#define TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_

#include <cstdint>
#include <limits>

#include "trawl/status.h"
#include "trawl/index/postings.h"
#include "trawl/types.h"

namespace trawl::search_internal {

// The top k of one word in one segment, block by block (block-max WAND reduced to one list, as
// Lucene's impacts drive a lone term). A block whose bound (from its skip entry: the best score
// of its largest tf with its smallest length) cannot beat the threshold is passed over without
// being decoded; the others are decoded whole and scored in a tight loop, with no per-document
// virtual call, bound bookkeeping or merge of lists. For a lone word this is what MaxScore does
// with one essential list, minus its generality: the dominant cost of a term query.
//
// `Blocks` walks the word's postings blocks:
//   bool next();           moves to the next block (the first on the first call); false at the end
//   bool may_beat(t);      whether a document of the current block may score above t (false
//                          only if none can)
//   bool load();           decodes the current block; false on corruption
//   std::uint32_t size();  documents in the loaded block
//   DocId doc(i);          its i-th document
//   double score(i);       its i-th document's score, as the exhaustive scorer computes it
//   Status status();       OK, or the corruption that ended the walk
// Documents are scored exactly as exhaustive evaluation scores them, so the hits and scores are
// identical; the count covers the decoded blocks only (a lower bound, as with any pruning).
template <class Blocks, class Sink>
Status term_blocks_top_k(Blocks& blocks, Sink& run) {
  while (blocks.next()) {
    // Per block, not per document: a block is at most a few microseconds of work.
    if (run.expired()) break;
    double threshold = run.threshold();
    // Until k hits are held nothing can be passed over: the bound is not worth computing.
    if (threshold > -std::numeric_limits<double>::infinity() && !blocks.may_beat(threshold)) {
      continue;
    }
    if (!blocks.load()) break;
    const std::uint32_t n = blocks.size();
    if (run.all_live()) {  // the common case: no test or count per document
      run.count(n);
      for (std::uint32_t i = 0; i < n; ++i) {
        const double score = blocks.score(i);
        if (score > threshold) {
          run.offer(score, blocks.doc(i));
          threshold = run.threshold();
        }
      }
      continue;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const DocId doc = blocks.doc(i);
      if (!run.live(doc)) continue;
      run.count();
      const double score = blocks.score(i);
      // Equal is not enough: a later document loses the tie to every kept one.
      if (score > threshold) {
        run.offer(score, doc);
        threshold = run.threshold();
      }
    }
  }
  return blocks.status();
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_
