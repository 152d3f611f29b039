// Counts what the program allocates with operator new: allocations, bytes live and the most
// bytes live at once. Linking tests/support/heap_counter.cc replaces the global operator new and
// delete, so it belongs to an executable of its own (trawl_allocation_tests). Memory that C
// libraries take with malloc (ICU, zstd) is not seen.
#ifndef TRAWL_TESTS_SUPPORT_HEAP_COUNTER_H_
#define TRAWL_TESTS_SUPPORT_HEAP_COUNTER_H_

#include <cstddef>

namespace trawl::test {

/// False where the counting replacement is compiled out (under AddressSanitizer, which owns
/// operator new): every count is then 0.
bool heap_counted();
/// Calls of operator new so far.
long heap_allocations();
/// Bytes allocated with operator new and not yet freed.
std::size_t heap_live_bytes();
/// The most heap_live_bytes() has been since the last reset_heap_peak().
std::size_t heap_peak_bytes();
void reset_heap_peak();

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_HEAP_COUNTER_H_
