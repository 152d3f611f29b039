#include "search/scorers/phrase_scorer.h"

#include <algorithm>
#include <array>
#include <optional>

namespace trawl::search_internal {
namespace {

// Leapfrogs the phrase's cursors in one field to the next document containing every term,
// moving them in `order` (rarest first, so that the rare words propose the candidates).
DocId align(std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& cursors,
            const std::vector<std::size_t>& order, DocId target) {
  DocId candidate = target;
  for (;;) {
    bool aligned = true;
    for (const std::size_t i : order) {
      auto& cursor = cursors[i];
      cursor->next_geq(candidate);
      const DocId doc = cursor->docid();
      if (doc == kTerminated) return kTerminated;
      if (doc != candidate) {
        candidate = doc;
        aligned = false;
        break;
      }
    }
    if (aligned) return candidate;
  }
}

// One field's words for FieldwisePhraseScorer: aligned rarest first, counted by
// phrase_frequency.
class WordsInField {
 public:
  WordsInField(PhraseField field, PhraseShape shape)
      : field_(std::move(field)), shape_(std::move(shape)) {
    const auto& cursors = field_.cursors;
    complete_ = !cursors.empty() && std::none_of(cursors.begin(), cursors.end(),
                                                 [](const auto& c) { return c == nullptr; });
    if (complete_) order_ = rarest_first(cursors);
  }
  DocId next(DocId target, std::uint32_t& freq) {
    if (!complete_) return kTerminated;
    auto& cursors = field_.cursors;
    for (DocId doc = align(cursors, order_, target); doc != kTerminated;
         doc = align(cursors, order_, doc + 1)) {
      freq = phrase_frequency(cursors, shape_, lists_);
      if (freq > 0) return doc;
    }
    return kTerminated;
  }
  Status status() const {
    for (const auto& cursor : field_.cursors) {
      if (cursor && !cursor->status().ok()) return cursor->status();
    }
    return {};
  }

 private:
  PhraseField field_;
  PhraseShape shape_;
  bool complete_ = false;
  std::vector<std::size_t> order_;                // the words, rarest first
  std::vector<std::span<const Position>> lists_;  // phrase_frequency's, kept between documents
};

// The smallest value of `list` (sorted) in [low, high] that `used` does not hold.
std::optional<Position> first_free(std::span<const Position> list, std::int64_t low,
                                   std::int64_t high, const std::vector<Position>& used) {
  if (high < 0) return std::nullopt;
  auto at = std::lower_bound(list.begin(), list.end(),
                             static_cast<Position>(std::max<std::int64_t>(low, 0)));
  for (; at != list.end() && *at <= high; ++at) {
    if (std::find(used.begin(), used.end(), *at) == used.end()) return *at;
  }
  return std::nullopt;
}

}  // namespace

std::uint32_t phrase_occurrences(const std::vector<std::span<const Position>>& lists,
                                 const PhraseShape& shape,
                                 std::vector<std::pair<Position, Position>>* spans) {
  const std::size_t n = lists.size();
  for (const auto& list : lists) {
    if (list.empty()) return 0;
  }
  auto shifted = [&](std::size_t i, std::size_t k) {
    return static_cast<std::int64_t>(lists[i][k]) - static_cast<std::int64_t>(shape.offsets[i]);
  };
  std::uint32_t matches = 0;
  if (shape.slop == 0 && n == 2) {
    // Two words, most phrases: one merge, an occurrence where the second word stands its
    // offset after the first (the loop below, without its maximum and inner loops).
    const std::span<const Position> first = lists[0], second = lists[1];
    const std::int64_t apart =
        static_cast<std::int64_t>(shape.offsets[1]) - static_cast<std::int64_t>(shape.offsets[0]);
    std::size_t i = 0, j = 0;
    while (i < first.size() && j < second.size()) {
      const std::int64_t d =
          static_cast<std::int64_t>(second[j]) - static_cast<std::int64_t>(first[i]);
      if (d < apart) {
        ++j;
      } else if (d > apart) {
        ++i;
      } else {
        ++matches;
        if (spans != nullptr) spans->emplace_back(first[i], second[j]);
        ++i;
        ++j;
      }
    }
    return matches;
  }
  if (shape.slop == 0) {
    // Values common to every list of shifted positions (the offsets differ, so the positions
    // of one occurrence are distinct even where a word repeats).
    // Where each list stands; on the stack for phrases of up to 16 words (this runs once per
    // candidate document).
    std::array<std::size_t, 16> small{};
    std::vector<std::size_t> large(n > small.size() ? n : 0, 0);
    std::size_t* at = n > small.size() ? large.data() : small.data();
    for (;;) {
      std::int64_t high = shifted(0, at[0]);
      for (std::size_t i = 1; i < n; ++i) high = std::max(high, shifted(i, at[i]));
      bool equal = true;
      for (std::size_t i = 0; i < n; ++i) {
        while (shifted(i, at[i]) < high) {
          if (++at[i] >= lists[i].size()) return matches;
        }
        equal = equal && shifted(i, at[i]) == high;
      }
      if (!equal) continue;
      ++matches;
      if (spans != nullptr) spans->emplace_back(lists[0][at[0]], lists[n - 1][at[n - 1]]);
      for (std::size_t i = 0; i < n; ++i) {
        if (++at[i] >= lists[i].size()) return matches;
      }
    }
  }
  // Sloppy: every distinct shifted value v is tried as an occurrence's smallest, with each word
  // that can sit exactly there. The other words take, in query order, the first free position
  // in their window [v + offset, v + offset + slop]: words of one term have windows of equal
  // length ordered like their offsets, for which taking the earliest free position is optimal
  // (and words of different terms never compete for a position).
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < lists[i].size(); ++k) values.push_back(shifted(i, k));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<Position> used, chosen(n);
  for (const std::int64_t v : values) {
    bool found = false;
    for (std::size_t fixed = 0; fixed < n && !found; ++fixed) {
      const std::int64_t p = v + shape.offsets[fixed];
      if (p < 0 || !std::binary_search(lists[fixed].begin(), lists[fixed].end(),
                                       static_cast<Position>(p))) {
        continue;
      }
      chosen[fixed] = static_cast<Position>(p);
      bool placed = true;
      for (std::size_t i = 0; i < n && placed; ++i) {
        if (i == fixed) continue;
        // Positions taken by earlier words of the same term, and by the fixed word if it is one.
        used.clear();
        for (std::size_t j = 0; j < n; ++j) {
          if (j != i && (j < i || j == fixed) && shape.term[j] == shape.term[i]) {
            used.push_back(chosen[j]);
          }
        }
        const std::int64_t low = v + shape.offsets[i];
        auto q = first_free(lists[i], low, low + shape.slop, used);
        if (!q) placed = false;
        else chosen[i] = *q;
      }
      found = placed;
    }
    if (!found) continue;
    ++matches;
    if (spans != nullptr) {
      spans->emplace_back(*std::min_element(chosen.begin(), chosen.end()),
                          *std::max_element(chosen.begin(), chosen.end()));
    }
  }
  return matches;
}

std::vector<std::size_t> rarest_first(const std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& cursors) {
  std::vector<std::size_t> order(cursors.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return cursors[a]->size() < cursors[b]->size();
  });
  return order;
}

std::uint32_t phrase_frequency(std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& cursors,
                               const PhraseShape& shape,
                               std::vector<std::span<const Position>>& lists) {
  lists.clear();
  for (const auto& cursor : cursors) {
    const Position* positions = cursor->positions();
    lists.emplace_back(positions, cursor->freq());  // freq() after positions(), which may fail
  }
  return phrase_occurrences(lists, shape, nullptr);
}

ScorerPtr make_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                             std::vector<PhraseField> fields, PhraseShape shape) {
  return make_fieldwise_phrase_scorer<WordsInField>(segment, std::move(bm25), std::move(fields),
                                                    shape);
}

}  // namespace trawl::search_internal
