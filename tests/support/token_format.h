// Lets Catch2 print Tokens in failure messages: {"term" @position [begin,end)}.
#ifndef TRAWL_TESTS_SUPPORT_TOKEN_FORMAT_H_
#define TRAWL_TESTS_SUPPORT_TOKEN_FORMAT_H_

#include <catch2/catch.hpp>

#include <string>

#include "trawl/analysis/token.h"

namespace Catch {
template <>
struct StringMaker<trawl::Token> {
  static std::string convert(const trawl::Token& token) {
    return "{\"" + token.term + "\" @" + std::to_string(token.position) + " [" +
           std::to_string(token.byte_begin) + "," + std::to_string(token.byte_end) + ")}";
  }
};
}  // namespace Catch

#endif  // TRAWL_TESTS_SUPPORT_TOKEN_FORMAT_H_
