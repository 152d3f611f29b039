// A transparent string hash: lets unordered containers keyed by std::string be searched with a
// std::string_view, without building a string per lookup. XXH3 (inlined): terms are short, and
// for 1-16 bytes it costs a few instructions where std::hash runs a byte loop.
#ifndef TRAWL_SRC_UTIL_STRING_HASH_H_
#define TRAWL_SRC_UTIL_STRING_HASH_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

namespace trawl::util {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(text.data(), text.size()));
  }
};

template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_STRING_HASH_H_
