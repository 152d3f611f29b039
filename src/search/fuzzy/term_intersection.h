// The terms of one field of a segment within an EditAutomaton's distance, found by walking the
// sorted dictionary with the automaton: a term whose first k code points already put it out of
// reach sends the walk past every term starting with them, straight to the next code point that
// can still lead to a match (EditAutomaton::next_live). The terms visited beyond the matches are
// the dead ends one code point past a live prefix, so the cost follows the matches and the
// prefixes near them, not the size of the dictionary (benchmarks/search_bench.cc, BM_Fuzzy*).
#ifndef TRAWL_SRC_SEARCH_FUZZY_TERM_INTERSECTION_H_
#define TRAWL_SRC_SEARCH_FUZZY_TERM_INTERSECTION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/segment_format.h"
#include "index/segment_reader.h"
#include "search/fuzzy/edit_automaton.h"
#include "trawl/status.h"
#include "util/utf8.h"

namespace trawl::search_internal {

/// What one walk did, for tests and benchmarks.
struct IntersectionStats {
  std::uint64_t terms_read = 0;  // dictionary entries the walk looked at
  std::uint64_t seeks = 0;       // jumps past dead prefixes
};

/// Calls visit(word, info, distance) for every dictionary key that is `base` and then a word
/// starting with `exact_prefix` (bytes) within the automaton's distance of its word, in
/// dictionary order; visit returns false to stop. The automaton's word should start with
/// `exact_prefix` too. intersect_terms and intersect_surfaces say which keys.
template <class Visit>
Status intersect_keys(const index_internal::SegmentReader& segment, const std::string& base,
                      std::string_view exact_prefix, const EditAutomaton& automaton, Visit&& visit,
                      IntersectionStats* stats = nullptr) {
  IntersectionStats local;
  IntersectionStats& counts = stats != nullptr ? *stats : local;
  const std::string start = base + std::string(exact_prefix);
  // The states after each code point of the current term: frames[k] follows its first k code
  // points (k <= depth), which end at byte ends[k] of the term (ends[0] = 0); points[k] is the
  // k-th. Deeper frames are kept for their rows' memory: a step allocates nothing.
  std::vector<EditAutomaton::State> frames{automaton.start()};
  std::vector<std::size_t> ends{0};
  std::vector<char32_t> points{0};
  std::size_t depth = 0;
  std::string previous;  // the term the frames follow
  std::string target;
  EditAutomaton::State scratch;  // next_live's
  index_internal::TermIterator terms(segment);
  bool more = terms.seek(start);
  while (more) {
    const std::string_view key = terms.key();
    if (key.substr(0, start.size()) != start) break;
    ++counts.terms_read;
    const std::string_view term = key.substr(base.size());
    // Keep the frames of the code points this term shares with the one before.
    std::size_t shared = 0;
    while (shared < term.size() && shared < previous.size() && term[shared] == previous[shared]) {
      ++shared;
    }
    while (ends[depth] > shared) --depth;
    previous.assign(term);
    bool alive = true;
    const auto length = static_cast<std::int32_t>(term.size());
    auto at = static_cast<std::int32_t>(ends[depth]);
    while (at < length) {
      const char32_t c = util::next_code_point(term.data(), at, length);
      if (frames.size() == depth + 1) {
        frames.emplace_back();
        ends.push_back(0);
        points.push_back(0);
      }
      automaton.step(frames[depth], c, frames[depth + 1]);
      if (automaton.dead(frames[depth + 1])) {
        alive = false;
        // Past every term starting with the live prefix and c: to the prefix and the next live
        // code point, or, if none, up a level. Surrogates are no code points to seek.
        std::size_t level = depth;
        char32_t after = c;
        char32_t live = automaton.next_live(frames[level], after, scratch);
        while (live == 0 && level > 0) {
          after = points[level];
          --level;
          live = automaton.next_live(frames[level], after, scratch);
        }
        if (live == 0) return terms.status();
        if (live >= 0xD800 && live <= 0xDFFF) live = 0xE000;
        target.assign(key.substr(0, base.size() + ends[level]));
        util::append_utf8(target, live);
        break;
      }
      ++depth;
      ends[depth] = static_cast<std::size_t>(at);
      points[depth] = c;
    }
    if (alive) {
      const std::uint32_t distance = automaton.distance(frames[depth]);
      if (distance <= automaton.max_edits() && !visit(term, terms.info(), distance)) break;
      more = terms.next();
    } else if (std::string_view(target) > key) {
      ++counts.seeks;
      more = terms.seek(target);
    } else {
      more = terms.next();  // an ill-formed term sorts past what its code points say
    }
  }
  return terms.status();
}

/// intersect_keys over the terms of `field`.
template <class Visit>
Status intersect_terms(const index_internal::SegmentReader& segment, std::uint32_t field,
                       std::string_view exact_prefix, const EditAutomaton& automaton, Visit&& visit,
                       IntersectionStats* stats = nullptr) {
  return intersect_keys(segment, index_internal::term_key(field, ""), exact_prefix, automaton,
                        visit, stats);
}

/// intersect_keys over the surfaces of text field `field` (index/segment_format.h).
template <class Visit>
Status intersect_surfaces(const index_internal::SegmentReader& segment, std::uint32_t field,
                          std::string_view exact_prefix, const EditAutomaton& automaton,
                          Visit&& visit, IntersectionStats* stats = nullptr) {
  return intersect_keys(segment, index_internal::surface_key(field, ""), exact_prefix, automaton,
                        visit, stats);
}

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_FUZZY_TERM_INTERSECTION_H_
