#ifndef TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_WINDOWS_H_
#define TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_WINDOWS_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include "search/pruning/bounded_term.h"
#include "search/scorers/score_through.h"
#include "trawl/status.h"
#include "util/bitmap.h"

namespace trawl::search_internal {

// MaxScore a window of documents at a time (Lucene's MaxScoreBulkScorer, 2023): the documents
// are cut into windows, and the split into essential and non-essential words is made per
// window, with bounds as tight as the blocks allow, instead of once per segment with each
// word's overall bound. A window ends where a block of a word essential in the window before
// ends (as Lucene cuts them), so that a frequent word left non-essential, whose blocks are
// short, does not cut every window short: its bound is its blocks' largest over the window
// (callgrind, 250 ORs of 2-4 words, top 10: 723.1k -> 707.3k instructions a query against
// windows ending at every word's block ends). In a window the essential words are read
// whole, one after the other, into a table of scores per (word, document); then each document
// they brought up has the non-essential words probed, largest bound first, while it can still
// make the top k. A window whose bounds sum to no more than the threshold is passed over without
// reading a posting. The per-document bookkeeping of the document-at-a-time form (the minimum
// over the cursors, the bound sums, the cursors' steps) becomes a tight loop per word.
//
// Scores are summed from zero in query order, as exhaustive evaluation sums them, so both give
// identical hits. `terms`: 2 to 15 words (a bit each in a 16-bit mask). Under a filter the sink's
// live() excludes the filtered documents; next_allowed() is not used.
constexpr std::size_t kWindowMaxScoreUpTo = 15;

template <class Cursor, class Sink>
Status max_score_windows(std::vector<BoundedTerm<Cursor>> terms, Sink& run) {
  static constexpr DocId kWindow = 1024;
  const std::size_t n = terms.size();
  // scores[i * kWindow + slot]: word i's score for the slot's document, where masks says so
  // (read nowhere else, so left unset: zeroing it cost 2% of a query); sums[slot]: the scores
  // the essential words brought, in their order (for pruning; hits sum in query order).
  const std::unique_ptr<double[]> scores(new double[n * kWindow]);
  const std::unique_ptr<double[]> sums(new double[kWindow]);
  std::vector<std::uint16_t> masks(kWindow, 0);
  std::array<std::uint64_t, kWindow / 64> any{};
  std::vector<double> window_bound(n), prefix(n);
  std::vector<std::size_t> by_bound(n), by_order(n);
  std::vector<char> was_essential(n, 1);
  std::iota(by_order.begin(), by_order.end(), std::size_t{0});
  std::sort(by_order.begin(), by_order.end(),
            [&](std::size_t a, std::size_t b) { return terms[a].order < terms[b].order; });

  DocId lo = kTerminated;
  for (const auto& term : terms) lo = std::min(lo, term.cursor->doc());
  while (lo != kTerminated && !run.expired()) {
    // The window: from lo until the first end of a range of a word essential before (every
    // word at first); the others' bounds over the whole window.
    DocId last = lo > kTerminated - kWindow ? kTerminated - 1 : lo + (kWindow - 1);
    for (std::size_t i = 0; i < n; ++i) {
      window_bound[i] = terms[i].bound_at(lo);
      if (was_essential[i]) last = std::min(last, terms[i].bound_end());
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!was_essential[i]) window_bound[i] = terms[i].bound_over(last);
    }
    // Non-essential words: the smallest bounds, while their sum cannot beat the threshold.
    std::iota(by_bound.begin(), by_bound.end(), std::size_t{0});
    std::sort(by_bound.begin(), by_bound.end(),
              [&](std::size_t a, std::size_t b) { return window_bound[a] < window_bound[b]; });
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) prefix[j] = sum += window_bound[by_bound[j]];
    const double threshold = run.threshold();
    std::size_t essential = 0;
    while (essential < n && prefix[essential] <= threshold) ++essential;
    for (std::size_t j = 0; j < n; ++j) was_essential[by_bound[j]] = j >= essential;

    // A document the essential words brought up with `partial` (their scores, each kept where
    // score_of(i) refers, their words in `mask`): the non-essential words probed, largest
    // bound first, while it can still make the top k; then offered.
    const auto complete = [&](DocId doc, double partial, std::uint32_t mask, auto&& score_of) {
      const double now = run.threshold();
      for (std::size_t j = essential; j-- > 0;) {
        if (partial + prefix[j] <= now) return;
        const std::size_t i = by_bound[j];
        auto& cursor = *terms[i].cursor;
        cursor.advance(doc);
        if (cursor.doc() != doc) continue;
        const double score = cursor.score();
        score_of(i) = score;
        mask |= 1u << i;
        partial += score;
      }
      // From zero in query order; one word's score is its sum already.
      double score = partial;
      if ((mask & (mask - 1)) != 0) {
        score = 0;
        for (const std::size_t i : by_order) {
          if ((mask >> i) & 1u) score += score_of(i);
        }
      }
      if (score > now) run.offer(score, doc);  // equal loses to every kept hit
    };
    const bool all_live = run.all_live();
    if (essential + 1 == n) {
      // One essential word (the commonest case once the threshold is up): its documents go
      // straight to the others' probes, a decoded run at a time, without the window's table.
      const std::size_t i = by_bound[essential];
      auto& cursor = *terms[i].cursor;
      cursor.advance(lo);
      const double others = essential > 0 ? prefix[essential - 1] : 0.0;
      std::array<double, 16> word_scores;
      const auto score_of = [&](std::size_t k) -> double& { return word_scores[k]; };
      score_spans(cursor, last, [&](const DocId* docs, const double* spans, std::uint32_t m) {
        for (std::uint32_t k = 0; k < m; ++k) {
          // As in the table below: left out if it cannot beat the window's threshold.
          if (spans[k] + others <= threshold) continue;
          if (!run.live(docs[k])) continue;
          run.count();
          word_scores[i] = spans[k];
          complete(docs[k], spans[k], 1u << i, score_of);
        }
        return true;
      });
    } else if (essential < n) {
      std::uint64_t brought = 0;  // documents the essential words brought up
      // The essential words' postings in the window, one word at a time.
      for (std::size_t j = essential; j < n; ++j) {
        const std::size_t i = by_bound[j];
        auto& cursor = *terms[i].cursor;
        cursor.advance(lo);
        double* column = scores.get() + i * kWindow;
        const auto bit = static_cast<std::uint16_t>(1u << i);
        // A document whose score here and every other word's bound cannot beat the threshold
        // is left out (as Lucene's MaxScoreBulkScorer leaves it): most of a frequent word's
        // documents are. If another word brings it up, its sum lacks this score, but scores
        // are never negative, so it stays below the threshold and is never offered; only the
        // count of matches (a lower bound under pruning) misses it.
        double others = 0;
        for (std::size_t k = 0; k < n; ++k) {
          if (k != i) others += window_bound[k];
        }
        score_through(cursor, last, [&](DocId doc, double score) {
          if (score + others <= threshold) return;
          const DocId slot = doc - lo;
          if (masks[slot] == 0) {
            util::set_bit(any.data(), slot);
            ++brought;
            sums[slot] = score;
          } else {
            sums[slot] += score;
          }
          masks[slot] = static_cast<std::uint16_t>(masks[slot] | bit);
          column[slot] = score;
        });
      }
      // The documents they brought up, in order: the bitmap's words read in place (a call
      // per document to find the next bit was a tenth of an OR's instructions), the matches
      // counted at once when nothing is deleted (std::popcount per word is a library call
      // on the processors every build targets).
      if (all_live) run.count(brought);
      for (std::size_t w = 0; w < any.size(); ++w) {
        std::uint64_t word = any[w];
        if (word == 0) continue;
        any[w] = 0;
        for (; word != 0; word &= word - 1) {
          const std::size_t slot = w * 64 + static_cast<std::size_t>(std::countr_zero(word));
          const std::uint32_t mask = masks[slot];
          masks[slot] = 0;
          const DocId doc = lo + static_cast<DocId>(slot);
          if (!all_live) {
            if (!run.live(doc)) continue;
            run.count();
          }
          complete(doc, sums[slot], mask,
                   [&](std::size_t k) -> double& { return scores[k * kWindow + slot]; });
        }
      }
    }
    // The next window starts at the first posting past this one. A word not read up to it (a
    // non-essential one, or any in a window passed over) has none before `last + 1`, and none
    // at all past its last range (whose end is a posting of it).
    lo = kTerminated;
    for (auto& term : terms) {
      DocId next = term.cursor->doc();
      if (next <= last) {
        if (term.blocks.empty()) {
          term.cursor->advance(last + 1);
          next = term.cursor->doc();
        } else {
          next = last >= term.blocks.back().first ? kTerminated : last + 1;
        }
      }
      lo = std::min(lo, next);
    }
  }
  for (const auto& term : terms) TRAWL_RETURN_IF_ERROR(term.cursor->status());
  return {};
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_PRUNING_MAX_SCORE_WINDOWS_H_
