#ifndef TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_
#define TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "trawl/index/postings.h"
#include "trawl/status.h"
#include "trawl/types.h"
#include "util/bit_packing.h"

namespace trawl::search_internal {

// The top k of one word in one segment, block by block (block-max WAND reduced to one list, as
// Lucene's impacts drive a lone term), best block first. Every skip entry is read first (a walk
// over them is what passing over blocks costs anyway), then the blocks are taken in the order
// of their bounds: the threshold starts at the best block's k-th score instead of -infinity,
// and once a block's bound falls below it, so has every block left. In document order the
// early blocks were decoded while the threshold was still low (callgrind, 250 term queries of
// the English corpus, top 10: 10.8 of 49 blocks decoded a query on average in document order,
// 5.7 best first; 98.5k -> 77.1k instructions a query). A block whose bound cannot reach the
// threshold is passed over without being decoded; the others are decoded whole and scored in a
// tight loop, with no per-document virtual call, bound bookkeeping or merge of lists.
//
// `Blocks` gives the word's postings blocks by number:
//   bool survey();               reads every block's skip entry; false on corruption
//   std::size_t count();         the blocks surveyed
//   double bound(b);             no document of block b scores more (its skip entry's pair)
//   bool may_reach(b, t);        whether a document of block b may score t or more (false
//                                only if none can: the block's impacts, a tighter bound)
//   bool load(b);                decodes block b; false on corruption
//   std::uint32_t size();        documents in the loaded block
//   DocId doc(i);                its i-th document
//   double score(i);             its i-th document's score, as the exhaustive scorer computes it
//   Status status();             OK, or the corruption that ended the walk
// Documents are scored exactly as exhaustive evaluation scores them, so the hits and scores are
// identical; the count covers the decoded blocks only (a lower bound, as with any pruning).
// Since the best block's documents are offered before earlier ones, a document that ties the
// threshold may still win (it comes earlier in document order): blocks and documents are
// passed over only below it, and the collector settles ties.
template <class Blocks, class Sink>
Status term_blocks_top_k(Blocks& blocks, Sink& run) {
  if (!blocks.survey()) return blocks.status();
  const std::size_t count = blocks.count();
  if (count == 0) return blocks.status();
  const auto score_block = [&](std::size_t b) {
    if (!blocks.load(b)) return false;
    double threshold = run.threshold();
    const std::uint32_t n = blocks.size();
    if (run.all_live()) {  // the common case: no test or count per document
      run.count(n);
      // The first block: while fewer than k are kept, each of its documents enters the
      // collector and most give way again. Its k-th best score is a floor instead (k live
      // matches reach it), so that only those that can stay are offered (callgrind, 250 term
      // queries of the manual pages: offers were an eighth of a query).
      if (threshold == -std::numeric_limits<double>::infinity() && run.may_raise_floor()) {
        const std::size_t k = run.wanted();
        if (k > 0 && k <= n && n <= util::kBlockSize) {
          std::array<double, util::kBlockSize> best;
          for (std::uint32_t i = 0; i < n; ++i) best[i] = blocks.score(i);
          const auto kth = best.begin() + static_cast<std::ptrdiff_t>(k - 1);
          std::nth_element(best.begin(), kth, best.begin() + n, std::greater<>());
          run.raise_floor(*kth);
          threshold = run.threshold();
        }
      }
      for (std::uint32_t i = 0; i < n; ++i) {
        const double score = blocks.score(i);
        if (score >= threshold) {
          run.offer(score, blocks.doc(i));
          threshold = run.threshold();
        }
      }
      return true;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const DocId doc = blocks.doc(i);
      if (!run.live(doc)) continue;
      run.count();
      const double score = blocks.score(i);
      if (score >= threshold) {
        run.offer(score, doc);
        threshold = run.threshold();
      }
    }
    return true;
  };
  // Best first: a heap of the blocks by bound (ties: the earlier first), built in linear time
  // and popped only as far as blocks can reach the threshold, where sorting every block would
  // cost more than the walk for a frequent word.
  std::vector<std::uint32_t> heap(count);
  std::iota(heap.begin(), heap.end(), std::uint32_t{0});
  const auto after = [&](std::uint32_t a, std::uint32_t b) {
    return blocks.bound(a) < blocks.bound(b) || (blocks.bound(a) == blocks.bound(b) && a > b);
  };
  std::make_heap(heap.begin(), heap.end(), after);
  for (auto end = heap.end(); end != heap.begin(); --end) {
    // Per block, not per document: a block is at most a few microseconds of work.
    if (run.expired()) break;
    std::pop_heap(heap.begin(), end, after);
    const std::uint32_t b = *(end - 1);
    const double threshold = run.threshold();
    if (threshold > -std::numeric_limits<double>::infinity()) {
      if (blocks.bound(b) < threshold) break;  // and every block left
      if (!blocks.may_reach(b, threshold)) continue;
    }
    if (!score_block(b)) break;
  }
  return blocks.status();
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_TERM_BLOCKS_H_
