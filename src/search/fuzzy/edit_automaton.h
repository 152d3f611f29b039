// EditAutomaton: which strings lie within a few edits of a word, decided one code point at a
// time, so that a sorted dictionary can be walked with it and whole ranges of terms skipped
// (term_intersection.h).
//
// The distance is the optimal string alignment distance (restricted Damerau-Levenshtein, as
// Lucene's FuzzyQuery and most spelling correctors use): insertions, deletions, substitutions
// and transpositions of two adjacent code points each cost 1, and no substring is edited twice.
// "moscw" is 1 from "moscow", "sanctoins" 1 from "sanctions", "teh" 1 from "the".
//
// A state is the last two rows of the dynamic-programming table of the distance between the
// code points read so far and the word's prefixes, each entry capped at max_edits + 1: two rows
// because a transposition looks two code points back. Stepping costs O(word length). A state is
// dead when no continuation can come within max_edits (every entry of its row is over), and
// accepting when the whole word is within max_edits of what was read.
#ifndef TRAWL_SRC_SEARCH_FUZZY_EDIT_AUTOMATON_H_
#define TRAWL_SRC_SEARCH_FUZZY_EDIT_AUTOMATON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trawl::search_internal {

class EditAutomaton {
 public:
  /// Words longer than this many code points are matched exactly (max_edits 0): no index
  /// term is that long, and the state stays small.
  static constexpr std::size_t kMaxWordCodePoints = 64;
  static constexpr std::uint32_t kMaxEdits = 2;

  struct State {
    std::vector<std::uint8_t> row;       // distance to each prefix of the word, capped
    std::vector<std::uint8_t> previous;  // the row before (empty at the start)
    char32_t last = 0;                   // the code point read last
  };

  /// `word` is UTF-8 (ill-formed sequences read as U+FFFD); max_edits at most kMaxEdits.
  EditAutomaton(std::string_view word, std::uint32_t max_edits);

  std::uint32_t max_edits() const noexcept { return max_edits_; }
  const std::u32string& word() const noexcept { return word_; }

  State start() const;
  /// The state after reading `c` in state `from`.
  State step(const State& from, char32_t c) const;
  void step(const State& from, char32_t c, State& to) const;
  bool dead(const State& state) const noexcept;
  /// The distance from the word to what was read, if within max_edits; else max_edits + 1.
  std::uint32_t distance(const State& state) const noexcept;
  bool accepts(const State& state) const noexcept { return distance(state) <= max_edits_; }

  /// The smallest code point above `after` that leaves `from` alive, or 0 if there is none.
  /// What a dead code point's neighbours in a sorted dictionary can skip to. `scratch` is
  /// working space, kept by the caller so that the call allocates nothing.
  char32_t next_live(const State& from, char32_t after, State& scratch) const;
  char32_t next_live(const State& from, char32_t after) const {
    State scratch;
    return next_live(from, after, scratch);
  }

 private:
  std::u32string word_;
  std::u32string sorted_;  // the word's distinct code points, ascending
  std::uint32_t max_edits_;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_FUZZY_EDIT_AUTOMATON_H_
