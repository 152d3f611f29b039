// SmallVector: Boost.Container's small_vector (Debian's libboost-dev, beside the mandated
// Boost.Serialization), a vector whose first N elements live inline. A query copies its
// words' field lists and dictionary entries several times; on the heap those copies were a
// tenth of a query's instructions.
#ifndef TRAWL_SRC_UTIL_SMALL_VECTOR_H_
#define TRAWL_SRC_UTIL_SMALL_VECTOR_H_

#include <cstddef>

// GCC 12 cannot see that an inline buffer's size bounds its copies, and warns about reads past
// it (-Wstringop-overread, -Warray-bounds) in Boost's moves: false positives, silenced here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
#include <boost/container/small_vector.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace trawl::util {

template <class T, std::size_t N>
using SmallVector = boost::container::small_vector<T, N>;

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_SMALL_VECTOR_H_
