// BoundedTerm: one term of a bag of words in a segment, with upper bounds of its score there:
// what the pruning algorithms of this folder work on. Each algorithm is a template over the
// cursor (anything pointer-like to a Scorer-shaped object: doc(), advance(), next(), score(),
// status()) and over the sink it reports to (see SegmentRun), so the tests can run it on
// synthetic postings against brute force.
#ifndef TRAWL_SRC_SEARCH_PRUNING_BOUNDED_TERM_H_
#define TRAWL_SRC_SEARCH_PRUNING_BOUNDED_TERM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "index/impacts.h"
#include "search/similarity/bm25.h"
#include "trawl/types.h"

namespace trawl::search_internal {

template <class Cursor>
struct BoundedTerm {
  Cursor cursor;
  double bound = 0;       // over the whole segment
  std::size_t order = 0;  // position in the query: scores are summed in this order
  // Consecutive document ranges, each given by its last document, with a bound for every
  // document in it: the term's postings blocks for one field; for several fields the ranges
  // where each field's block stays the same.
  std::vector<std::pair<DocId, double>> blocks;
  std::size_t block = 0;   // the range last looked at
  std::uint64_t cost = 0;  // postings to walk (summed over fields)

  /// A bound for `doc` (which only grows between calls).
  double bound_at(DocId doc) {
    if (blocks.empty()) return bound;
    while (block < blocks.size() && blocks[block].first < doc) ++block;
    return block < blocks.size() ? blocks[block].second : 0.0;
  }
  /// A bound for every document from the one bound_at() was last asked for through `last`:
  /// the largest of the ranges' bounds there.
  double bound_over(DocId last) const {
    if (blocks.empty()) return bound;
    double best = 0;
    for (std::size_t b = block; b < blocks.size(); ++b) {
      best = std::max(best, blocks[b].second);
      if (blocks[b].first >= last) break;
    }
    return best;
  }
  /// The last document for which the bound bound_at(doc) returned holds.
  DocId bound_end() const { return block < blocks.size() ? blocks[block].first : kTerminated - 1; }
};

/// A block's bound from its impacts, raised a hair so that no rounding of a score computed
/// another way passes it.
double with_slack(double bound);

/// A bound for `doc` (which only grows between calls) and the last document it holds for
/// (`end`): the term's ranges, or, when it has none and its scorer reads its own block bounds
/// (a term of one field: FieldTermScorer::shallow_advance), the skip entry of the block holding
/// `doc`. Reading them as the documents are reached reads each skip entry once (the cursor
/// reads them anyway) and the impacts of the blocks reached only; gathering the ranges first
/// decodes every block's.
template <class Cursor>
double range_bound(BoundedTerm<Cursor>& term, DocId doc, DocId& end) {
  if constexpr (requires { term.cursor->shallow_advance(doc); }) {
    if (term.blocks.empty()) {
      auto& scorer = *term.cursor;
      if (!scorer.shallow_advance(doc)) {
        end = kTerminated - 1;
        return 0;
      }
      end = scorer.block_last_doc();
      return with_slack(scorer.block_bound());
    }
  }
  const double bound = term.bound_at(doc);
  end = term.bound_end();
  return bound;
}

/// One field's postings block of a term: its last document and its impacts.
struct FieldBlock {
  DocId last_doc;
  index_internal::Impacts impacts;
};

/// The ranges of a term's postings, each with a bound on the term's score for every document in
/// it (see BoundedTerm::blocks), from the blocks of each of bm25.fields (aligned; a field
/// without the term has none). A document in a range holds the term in some set S of the
/// fields whose blocks cover it. For S of one field, its score is at most the best of the
/// block's impacts (exact for a one-field group, as FieldBm25::bound); for more, its tf is at
/// most the sum of S's blocks' weighted maxima and its length at least the sum of their
/// weighted minima. The bound is the largest over every S. Taking all fields' maxima with the
/// smallest minimum would be valid too, but a short field such as a title, whose sparse blocks
/// span most documents, would then make every bound nearly the segment's.
std::vector<std::pair<DocId, double>> block_ranges(
    const Bm25Term& bm25, const std::vector<std::vector<FieldBlock>>& fields);

/// block_ranges' bound of a range that only one field's block covers (`weight` is the field's):
/// what block_ranges computes for a term held by one field, without gathering its blocks.
double one_field_block_bound(const Bm25Kernel& kernel, double weight,
                             const index_internal::Impacts& impacts);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_BOUNDED_TERM_H_
