// The edit automaton and the dictionary walk with it, against references that share nothing
// with them: the optimal string alignment distance computed over the whole table, and a scan of
// every term of the dictionary.
#include "search/fuzzy/edit_automaton.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "index/index_reader_internal.h"
#include "search/fuzzy/term_intersection.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::search_internal::EditAutomaton;

// Code points as UTF-8 bytes, by hand (not the library's encoder).
std::u32string decode(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t k = 1; k < static_cast<std::size_t>(n); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out += c;
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// Restricted Damerau-Levenshtein (optimal string alignment), the textbook table.
std::uint32_t osa_distance(const std::string& x, const std::string& y) {
  const std::u32string a = decode(x), b = decode(y);
  std::vector<std::vector<std::uint32_t>> d(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<std::uint32_t>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<std::uint32_t>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// Words over a small alphabet (so that near neighbours are common), some letters of two,
// three and four bytes.
std::string random_word(std::mt19937_64& rng, std::size_t max_length) {
  static const std::vector<std::string> kLetters = {"a", "b", "c", "d", "e", "é", "ж", "中", "😀"};
  std::string word;
  const std::size_t length = 1 + rng() % max_length;
  for (std::size_t i = 0; i < length; ++i) word += kLetters[rng() % kLetters.size()];
  return word;
}

EditAutomaton::State run(const EditAutomaton& automaton, const std::string& text) {
  EditAutomaton::State state = automaton.start();
  for (const char32_t c : decode(text)) state = automaton.step(state, c);
  return state;
}

}  // namespace

TEST_CASE("Edit automaton: distances equal the reference", "[search][fuzzy]") {
  std::mt19937_64 rng(GENERATE(take(3, random(0u, 1000000u))));
  const std::uint32_t k = GENERATE(0u, 1u, 2u);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::string word = random_word(rng, 7);
    std::string other = random_word(rng, 8);
    if (trial % 2 == 0) {  // an edit or two of the word itself, so that many are within reach
      other = word;
      const auto points = decode(other);
      if (points.size() >= 2 && rng() % 2 == 0) {
        std::u32string swapped = points;
        const std::size_t at = rng() % (points.size() - 1);
        std::swap(swapped[at], swapped[at + 1]);
        other.clear();
        for (const char32_t c : swapped) trawl::util::append_utf8(other, c);
      }
      if (rng() % 2 == 0) other += random_word(rng, 1);
    }
    const EditAutomaton automaton(word, k);
    const std::uint32_t expected = std::min(osa_distance(word, other), k + 1);
    CAPTURE(word, other, k);
    const EditAutomaton::State state = run(automaton, other);
    CHECK(automaton.distance(state) == expected);
    CHECK(automaton.accepts(state) == (expected <= k));
    // Dead only if no continuation comes back within reach: the word itself appended to what
    // was read is the best continuation there is, so check that one.
    if (automaton.dead(state)) {
      CHECK(osa_distance(word, other + word) > k);
      CHECK(osa_distance(word, other) > k);
    }
  }
}

TEST_CASE("Edit automaton: a live prefix can still be completed within reach", "[search][fuzzy]") {
  std::mt19937_64 rng(GENERATE(take(3, random(0u, 1000000u))));
  const std::uint32_t k = GENERATE(1u, 2u);
  for (int trial = 0; trial < 1000; ++trial) {
    const std::string word = random_word(rng, 7);
    const EditAutomaton automaton(word, k);
    const std::u32string points = decode(random_word(rng, 6));
    std::string read;
    EditAutomaton::State state = automaton.start();
    for (const char32_t c : points) {
      state = automaton.step(state, c);
      trawl::util::append_utf8(read, c);
      if (automaton.dead(state)) break;
      // Some suffix of the word completes it (the best completion of a live prefix is one).
      const std::u32string w = decode(word);
      bool reachable = false;
      for (std::size_t j = 0; j <= w.size() && !reachable; ++j) {
        std::string completed = read;
        for (std::size_t i = j; i < w.size(); ++i) trawl::util::append_utf8(completed, w[i]);
        reachable = osa_distance(word, completed) <= k;
      }
      CAPTURE(word, read, k);
      CHECK(reachable);
    }
  }
}

TEST_CASE("Edit automaton: next_live is the smallest code point that keeps a state alive",
          "[search][fuzzy]") {
  std::mt19937_64 rng(GENERATE(take(3, random(0u, 1000000u))));
  const std::uint32_t k = GENERATE(0u, 1u, 2u);
  for (int trial = 0; trial < 300; ++trial) {
    const std::string word = random_word(rng, 5);
    const EditAutomaton automaton(word, k);
    const EditAutomaton::State state = run(automaton, random_word(rng, 4));
    if (automaton.dead(state)) continue;
    const char32_t after = static_cast<char32_t>(rng() % 0x200);
    // Brute force over every code point up to past the alphabet's largest, leaving out two
    // long runs of code points outside the alphabet (where every one steps alike).
    char32_t expected = 0;
    for (char32_t c = after + 1; c <= 0x1F601 && expected == 0; ++c) {
      if (c == 0x600) c = 0x4E00;
      if (c == 0x4F00) c = 0x1F500;
      if (!automaton.dead(automaton.step(state, c))) expected = c;
    }
    CAPTURE(word, k, static_cast<std::uint32_t>(after));
    CHECK(automaton.next_live(state, after) == expected);
  }
}

TEST_CASE("Fuzzy dictionary walk finds what a scan of every term finds", "[search][fuzzy]") {
  const auto seed = GENERATE(take(2, random(0u, 1000000u)));
  std::mt19937_64 rng(seed);
  trawl::Schema schema;
  schema.add_keyword("id").add_keyword("tag").set_unique_key("id");
  auto writer = trawl::IndexWriter::open(trawl::make_mem_directory(), schema);
  REQUIRE(writer.has_value());
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 3000; ++i) vocabulary.push_back(random_word(rng, 6));
  for (std::size_t i = 0; i < 3000; ++i) {
    REQUIRE(
        writer->add(trawl::Document().add("id", std::to_string(i)).add("tag", vocabulary[i])).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = writer->reader();
  REQUIRE(reader.has_value());
  const auto& segments = trawl::IndexReaderInternal::segments(*reader);
  REQUIRE(segments.size() == 1);
  const auto& segment = *segments[0];
  const std::uint32_t field = 1;  // "tag"
  std::vector<std::string> all;
  REQUIRE(segment
              .for_each_term(field, "",
                             [&](std::string_view term, const auto&) {
                               all.emplace_back(term);
                               return true;
                             })
              .ok());
  REQUIRE(all.size() > 1000);

  std::uint64_t read = 0, matched = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint32_t k = static_cast<std::uint32_t>(rng() % 3);
    const std::string word =
        trial % 2 == 0 ? vocabulary[rng() % vocabulary.size()] : random_word(rng, 6);
    const std::u32string points = decode(word);
    std::string prefix;
    const std::size_t prefix_points = rng() % 3 == 0 ? std::min<std::size_t>(1, points.size()) : 0;
    for (std::size_t i = 0; i < prefix_points; ++i) trawl::util::append_utf8(prefix, points[i]);
    std::vector<std::pair<std::string, std::uint32_t>> expected;
    for (const std::string& term : all) {
      const std::uint32_t d = osa_distance(word, term);
      if (d <= k && term.compare(0, prefix.size(), prefix) == 0) expected.emplace_back(term, d);
    }
    std::vector<std::pair<std::string, std::uint32_t>> found;
    trawl::search_internal::IntersectionStats stats;
    const EditAutomaton automaton(word, k);
    REQUIRE(trawl::search_internal::intersect_terms(
                segment, field, prefix, automaton,
                [&](std::string_view term, const auto&, std::uint32_t distance) {
                  found.emplace_back(std::string(term), distance);
                  return true;
                },
                &stats)
                .ok());
    CAPTURE(word, k, prefix);
    CHECK(found == expected);
    read += stats.terms_read;
    matched += found.size();
  }
  // The walk skips: it reads a small part of the dictionary per word (about 13% here, on an
  // alphabet of nine letters where a word within two edits is common; 22% when a dead end
  // skips only to the next code point rather than the next live one).
  CAPTURE(read, matched, all.size());
  CHECK(read < 200 * all.size() / 6);
}
