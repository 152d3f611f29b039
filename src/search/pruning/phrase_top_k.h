#ifndef TRAWL_SRC_SEARCH_PRUNING_PHRASE_TOP_K_H_
#define TRAWL_SRC_SEARCH_PRUNING_PHRASE_TOP_K_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "trawl/index/postings.h"
#include "trawl/status.h"
#include "trawl/types.h"
#include "util/gallop.h"

namespace trawl::search_internal {

// The top k of a phrase in one field of a segment, reading positions only where the phrase
// could still make the top k. A phrase occurs at most as often as its rarest word in a document
// when it is exact (each occurrence takes its own position of every word), and at most as
// often as all its words together when it is sloppy (occurrences are counted by distinct
// starts). So:
//   - an exact phrase passes over a block of its rarest word whose bound (the best score of
//     the word's impacts there, as the phrase's) cannot beat the threshold, touching no other
//     list;
//   - an exact phrase passes over a document of the rarest word whose score with that word's
//     frequency as tf cannot beat the threshold, touching no other list either;
//   - where every word meets, the document's score with that tf bound (the words' frequencies
//     are decoded already, its positions not) must beat the threshold before the positions are
//     read and the occurrences counted.
// A document is counted only when its occurrences were counted (the count is a lower bound, as
// with any pruning). Scores are the exhaustive scorer's, so the hits are identical.
//
// An exact phrase walks a decoded block of its rarest word at a time: the documents another
// word lacks, and those whose score with the rarest word's frequency cannot beat the
// threshold, are passed over in the block without a step of the cursor each (as the block-max
// conjunction does; callgrind, 250 phrases of the English corpus: 610.4k -> 589.4k
// instructions a query against a step per document).
//
// `words` are the phrase's cursors, rarest first (BlockPostingsCursor-shaped: docid, next_geq,
// freq, status, and for the rarest the block access block_last_doc, block_docs, block_size,
// block_index, skip_to_index). `scoring` gives
//   double block_bound(Cursor& word);            // for the word's current block
//   const double* lead_scores(Cursor& lead);     // score(freq, doc) of each document of the
//                                                // lead's decoded block
//   double score(std::uint32_t tf, DocId doc);   // also a bound, given a bound on tf
//   std::uint32_t occurrences();                 // with every cursor on the document
namespace phrase_internal {

// Every word is on live document `doc`: its score with the tf bound, then its occurrences.
template <bool kExact, class Cursor, class Scoring, class Sink>
void score_match(const std::vector<Cursor*>& words, DocId doc, Scoring& scoring, Sink& run) {
  std::uint32_t tf_bound = kExact ? std::numeric_limits<std::uint32_t>::max() : 0;
  for (Cursor* word : words) {
    tf_bound = kExact ? std::min(tf_bound, word->freq()) : tf_bound + word->freq();
  }
  if (scoring.score(tf_bound, doc) <= run.threshold()) return;
  const std::uint32_t occurrences = scoring.occurrences();
  if (occurrences == 0) return;
  run.count();
  const double score = scoring.score(occurrences, doc);
  if (score > run.threshold()) run.offer(score, doc);
}

// The first document from `doc` on that every word but the first holds (kTerminated if none):
// `doc` itself when they all do. Inlined by force: a call per document of the exact phrase's
// walk cost 2% of a phrase.
template <class Cursor>
[[gnu::always_inline]] inline DocId others_at(const std::vector<Cursor*>& words, DocId doc) {
  DocId next = doc;
  for (std::size_t w = 1; w < words.size() && next == doc; ++w) {
    words[w]->next_geq(doc);
    next = words[w]->docid();
  }
  return next;
}

template <class Cursor, class Scoring, class Sink>
void sloppy_phrase_top_k(const std::vector<Cursor*>& words, Scoring& scoring, Sink& run) {
  Cursor& lead = *words[0];
  for (DocId target = 0;;) {
    lead.next_geq(target);
    const DocId doc = lead.docid();
    if (doc == kTerminated || run.expired()) return;
    const DocId next = others_at(words, doc);
    if (next == kTerminated) return;
    target = next == doc ? doc + 1 : next;
    if (next == doc && run.live(doc)) score_match<false>(words, doc, scoring, run);
  }
}

template <class Cursor, class Scoring, class Sink>
void exact_phrase_top_k(const std::vector<Cursor*>& words, Scoring& scoring, Sink& run) {
  Cursor& lead = *words[0];
  for (DocId target = 0;;) {
    lead.next_geq(target);
    if (lead.docid() == kTerminated || run.expired()) return;
    const DocId block_last = lead.block_last_doc();
    if (scoring.block_bound(lead) <= run.threshold()) {
      target = block_last + 1;
      continue;
    }
    // The cursor is on a document of its decoded block, scored at once.
    const DocId* docs = lead.block_docs();
    const double* scores = scoring.lead_scores(lead);
    const std::uint32_t n = lead.block_size();
    std::uint32_t i = lead.block_index();
    DocId beyond = 0;  // the furthest document another word was found on
    while (i < n) {
      if (docs[i] < beyond) {
        i = static_cast<std::uint32_t>(util::gallop_lower_bound(docs + i, docs + n, beyond) - docs);
        if (i == n) break;
      }
      // The phrase occurs at most as often as its rarest word here: if even that cannot beat
      // the threshold, no other list need move (once the threshold is up).
      const double threshold = run.threshold();
      if (threshold > 0) {
        while (i < n && scores[i] <= threshold) ++i;
        if (i == n) break;
      }
      const DocId doc = docs[i];
      const DocId next = others_at(words, doc);
      if (next != doc) {
        beyond = next;
        if (next > block_last) break;  // also kTerminated
        continue;
      }
      lead.skip_to_index(i++);  // the lead's frequency and positions are the document's
      if (run.live(doc)) score_match<true>(words, doc, scoring, run);
    }
    if (beyond == kTerminated) return;
    target = std::max(beyond, block_last + 1);
  }
}

}  // namespace phrase_internal

template <class Cursor, class Scoring, class Sink>
Status phrase_top_k(const std::vector<Cursor*>& words, bool exact, Scoring& scoring, Sink& run) {
  if (exact) {
    phrase_internal::exact_phrase_top_k(words, scoring, run);
  } else {
    phrase_internal::sloppy_phrase_top_k(words, scoring, run);
  }
  for (Cursor* word : words) TRAWL_RETURN_IF_ERROR(word->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_PHRASE_TOP_K_H_
