// The greedy glob matcher against matching by trying every length of every run, on random
// patterns and terms over a small alphabet of 1- to 4-byte code points.
#include "search/wildcard/wildcard_pattern.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

using trawl::search_internal::WildcardPattern;

// A character of the alphabet or a wildcard, as UTF-8.
const std::vector<std::string> kAlphabet = {"a", "b", "\xC3\xA9", "\xE4\xB8\xAD",
                                            "\xF0\x9F\x8C\xB1"};

// Whether text[t..] matches pattern[p..] (both as lists of characters; "?" and "*" wild).
bool brute(const std::vector<std::string>& pattern, std::size_t p,
           const std::vector<std::string>& text, std::size_t t) {
  if (p == pattern.size()) return t == text.size();
  if (pattern[p] == "*") {
    for (std::size_t skip = t; skip <= text.size(); ++skip) {
      if (brute(pattern, p + 1, text, skip)) return true;
    }
    return false;
  }
  if (t == text.size() || (pattern[p] != "?" && pattern[p] != text[t])) return false;
  return brute(pattern, p + 1, text, t + 1);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += part;
  return out;
}

}  // namespace

TEST_CASE("WildcardPattern: matches as trying every run length does", "[search][wildcard]") {
  std::mt19937 rng(7);
  std::size_t matched = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::string> pattern, text;
    for (std::size_t n = rng() % 7; n > 0; --n) {
      const auto roll = rng() % 10;
      pattern.push_back(roll < 2 ? "*" : roll < 4 ? "?" : kAlphabet[rng() % kAlphabet.size()]);
    }
    for (std::size_t n = rng() % 8; n > 0; --n) text.push_back(kAlphabet[rng() % 3]);
    const WildcardPattern compiled(join(pattern));
    const bool expected = brute(pattern, 0, text, 0);
    matched += expected;
    INFO("pattern '" << join(pattern) << "' text '" << join(text) << "'");
    REQUIRE(compiled.matches(join(text)) == expected);
    // The literal prefix: the characters before the first wildcard, which every match has.
    std::string prefix;
    for (const std::string& c : pattern) {
      if (c == "*" || c == "?") break;
      prefix += c;
    }
    REQUIRE(compiled.literal_prefix() == prefix);
  }
  CHECK(matched > 1000);  // both answers are common
  CHECK(matched < 19000);
}
