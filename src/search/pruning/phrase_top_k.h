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
// `words` are the phrase's cursors, rarest first (PostingsCursor-shaped: docid, next_geq, freq,
// block_last_doc, status). `scoring` gives
//   double block_bound(Cursor& word);             // for the word's current block
//   double score(std::uint32_t tf, DocId doc);   // also a bound, given a bound on tf
//   double lead_bound(Cursor& lead);              // score(lead.freq(), lead.docid())
//   std::uint32_t occurrences();                  // with every cursor on the document
// The exact phrase's loop, a decoded block of the lead at a time: its documents another word
// lacks, and those whose score with the lead's frequency cannot beat the threshold, are passed
// over in the block without a step of the cursor each (as the block-max conjunction does).
template <class Cursor, class Scoring, class Sink>
Status exact_phrase_top_k(const std::vector<Cursor*>& words, Scoring& scoring, Sink& run) {
  Cursor& lead = *words[0];
  DocId target = 0;
  for (;;) {
    lead.next_geq(target);
    if (lead.docid() == kTerminated || run.expired()) break;
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
    bool done = false;
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
      DocId next = doc;
      for (std::size_t w = 1; w < words.size() && next == doc; ++w) {
        words[w]->next_geq(doc);
        next = words[w]->docid();
      }
      if (next != doc) {
        beyond = next;
        done = next == kTerminated;
        if (done || next > block_last) break;
        continue;
      }
      lead.skip_to_index(i++);  // the lead's frequency and positions are the document's
      if (!run.live(doc)) continue;
      std::uint32_t tf_bound = std::numeric_limits<std::uint32_t>::max();
      for (Cursor* word : words) tf_bound = std::min(tf_bound, word->freq());
      if (scoring.score(tf_bound, doc) <= run.threshold()) continue;
      const std::uint32_t occurrences = scoring.occurrences();
      if (occurrences == 0) continue;
      run.count();
      const double score = scoring.score(occurrences, doc);
      if (score > run.threshold()) run.offer(score, doc);
    }
    if (done) break;
    target = std::max(beyond, block_last + 1);
  }
  for (Cursor* word : words) TRAWL_RETURN_IF_ERROR(word->status());
  return {};
}

template <class Cursor, class Scoring, class Sink>
Status phrase_top_k(const std::vector<Cursor*>& words, bool exact, Scoring& scoring, Sink& run) {
  if constexpr (requires(Cursor & c) { scoring.lead_scores(c); }) {
    if (exact) return exact_phrase_top_k(words, scoring, run);
  }
  Cursor& lead = *words[0];
  DocId target = 0;
  DocId bound_block = kTerminated;  // the lead's block whose bound `bound` is (by its last doc)
  double bound = 0;
  for (;;) {
    lead.next_geq(target);
    const DocId doc = lead.docid();
    if (doc == kTerminated || run.expired()) break;
    if (exact) {
      if (lead.block_last_doc() != bound_block) {
        bound_block = lead.block_last_doc();
        bound = scoring.block_bound(lead);
      }
      if (bound <= run.threshold()) {
        target = bound_block + 1;
        continue;
      }
      // The phrase occurs at most as often as its rarest word here: if even that cannot beat
      // the threshold, no other list need move (once the threshold is up).
      if (run.threshold() > 0 && scoring.lead_bound(lead) <= run.threshold()) {
        target = doc + 1;
        continue;
      }
    }
    DocId next = doc;
    for (std::size_t i = 1; i < words.size() && next == doc; ++i) {
      words[i]->next_geq(doc);
      next = words[i]->docid();
    }
    if (next == kTerminated) break;
    if (next != doc) {
      target = next;
      continue;
    }
    target = doc + 1;
    if (!run.live(doc)) continue;
    std::uint32_t tf_bound = exact ? std::numeric_limits<std::uint32_t>::max() : 0;
    for (Cursor* word : words) {
      tf_bound = exact ? std::min(tf_bound, word->freq()) : tf_bound + word->freq();
    }
    if (scoring.score(tf_bound, doc) <= run.threshold()) continue;
    const std::uint32_t occurrences = scoring.occurrences();
    if (occurrences == 0) continue;
    run.count();
    const double score = scoring.score(occurrences, doc);
    if (score > run.threshold()) run.offer(score, doc);
  }
  for (Cursor* word : words) TRAWL_RETURN_IF_ERROR(word->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_PHRASE_TOP_K_H_
