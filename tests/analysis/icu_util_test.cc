// The ASCII fast path of normalisation (is_ascii, ascii_lower_in_place: eight bytes a step)
// against byte-by-byte definitions written here: every byte value at every place of a word,
// and random strings of every length around the step.
#include "analysis/icu_util.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace {

using trawl::analysis_internal::ascii_lower_in_place;
using trawl::analysis_internal::is_ascii;

bool ascii_by_bytes(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string lower_by_bytes(std::string text) {
  for (char& c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 'A' && b <= 'Z') c = static_cast<char>(b + 32);
  }
  return text;
}

void check(const std::string& text) {
  REQUIRE(is_ascii(text) == ascii_by_bytes(text));
  std::string lowered = text;
  ascii_lower_in_place(lowered);
  REQUIRE(lowered == lower_by_bytes(text));
}

}  // namespace

TEST_CASE("The ASCII fast path equals its definition byte by byte", "[analysis]") {
  // Every byte value at every place of a 17-byte string (two steps of eight and a tail),
  // among neighbours that are capitals, '@', '[' and bytes from 128 on (carries would show).
  const std::string neighbours[] = {std::string(17, 'A'),    std::string(17, 'Z'),
                                    std::string(17, '@'),    std::string(17, '['),
                                    std::string(17, '\xC3'), std::string(17, '\xFF')};
  for (const std::string& base : neighbours) {
    for (std::size_t at = 0; at < base.size(); ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string text = base;
        text[at] = static_cast<char>(b);
        check(text);
      }
    }
  }
  std::mt19937 engine(20261203);
  for (int round = 0; round < 20000; ++round) {
    std::string text(engine() % 40, '\0');
    const bool high = round % 2 == 0;
    for (char& c : text) c = static_cast<char>(engine() % (high ? 256 : 128));
    check(text);
  }
}
