// Galloping search: the first element not below a value in a sorted run, looked for from the
// run's start by steps of 1, 2, 4, ... and then by halves within the last step. Postings are
// sought mostly a few documents on from where a cursor stands, where it takes a probe or two
// against a binary search's seven over a block of 128.
#ifndef TRAWL_SRC_UTIL_GALLOP_H_
#define TRAWL_SRC_UTIL_GALLOP_H_

#include <algorithm>
#include <cstddef>

namespace trawl::util {

/// std::lower_bound(first, last, value) for a sorted [first, last), in time logarithmic in the
/// distance of the answer from `first`.
template <class T>
const T* gallop_lower_bound(const T* first, const T* last, const T& value) noexcept {
  const auto size = static_cast<std::size_t>(last - first);
  std::size_t below = 0, step = 1;  // first[below - 1] < value, when below > 0
  while (step <= size && first[step - 1] < value) {
    below = step;
    step *= 2;
  }
  // The answer is in [below, min(step, size)]: first[step - 1] >= value, or the run ended.
  return std::lower_bound(first + below, first + std::min(step - 1, size), value);
}

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_GALLOP_H_
