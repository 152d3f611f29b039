#include "search/fuzzy/edit_automaton.h"

#include <algorithm>

#include "util/utf8.h"

namespace trawl::search_internal {

EditAutomaton::EditAutomaton(std::string_view word, std::uint32_t max_edits)
    : max_edits_(std::min(max_edits, kMaxEdits)) {
  const auto length = static_cast<std::int32_t>(word.size());
  std::int32_t at = 0;
  while (at < length) word_ += util::next_code_point(word.data(), at, length);
  if (word_.size() > kMaxWordCodePoints) max_edits_ = 0;
  sorted_ = word_;
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
}

EditAutomaton::State EditAutomaton::start() const {
  State state;
  const auto cap = static_cast<std::uint8_t>(max_edits_ + 1);
  state.row.resize(word_.size() + 1);
  // Nothing read: j deletions from the word's first j code points.
  for (std::size_t j = 0; j < state.row.size(); ++j) {
    state.row[j] = static_cast<std::uint8_t>(std::min<std::size_t>(j, cap));
  }
  return state;
}

EditAutomaton::State EditAutomaton::step(const State& from, char32_t c) const {
  State to;
  step(from, c, to);
  return to;
}

void EditAutomaton::step(const State& from, char32_t c, State& to) const {
  const auto cap = static_cast<std::uint8_t>(max_edits_ + 1);
  const std::size_t n = word_.size();
  to.row.resize(n + 1);
  to.row[0] = static_cast<std::uint8_t>(std::min<int>(from.row[0] + 1, cap));
  for (std::size_t j = 1; j <= n; ++j) {
    int best = std::min(from.row[j] + 1, to.row[j - 1] + 1);  // an insertion, a deletion
    best = std::min(best, from.row[j - 1] + (word_[j - 1] == c ? 0 : 1));  // (mis)match
    // The last two code points read are the word's two at j - 2, j - 1, swapped.
    if (j >= 2 && !from.previous.empty() && word_[j - 1] == from.last && word_[j - 2] == c) {
      best = std::min(best, from.previous[j - 2] + 1);
    }
    to.row[j] = static_cast<std::uint8_t>(std::min<int>(best, cap));
  }
  to.previous = from.row;
  to.last = c;
}

bool EditAutomaton::dead(const State& state) const noexcept {
  // A transposition cannot revive it: a row's smallest entry exceeds the one before's by at
  // most 1, and the transposition adds 1 to an entry of the row before.
  return *std::min_element(state.row.begin(), state.row.end()) > max_edits_;
}

std::uint32_t EditAutomaton::distance(const State& state) const noexcept {
  return state.row.back();
}

char32_t EditAutomaton::next_live(const State& from, char32_t after, State& scratch) const {
  // A code point not in the word leaves every entry at least where one in it does, so if any
  // code point keeps `from` alive past `after`, either after + 1 (when code points outside the
  // word do) or one of the word's does.
  constexpr char32_t kOutside = 0x110000;  // matches none of the word's code points
  step(from, kOutside, scratch);
  if (!dead(scratch)) return after + 1 < kOutside ? after + 1 : 0;
  for (auto it = std::upper_bound(sorted_.begin(), sorted_.end(), after); it != sorted_.end();
       ++it) {
    step(from, *it, scratch);
    if (!dead(scratch)) return *it;
  }
  return 0;
}

}  // namespace trawl::search_internal
