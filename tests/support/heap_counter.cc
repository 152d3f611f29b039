#include "support/heap_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

// AddressSanitizer owns operator new and reports our replacement's frees as mismatched, so the
// count is taken in builds without it (scripts/test runs this suite in its Release build).
#if defined(__SANITIZE_ADDRESS__)
#define TRAWL_COUNT_HEAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRAWL_COUNT_HEAP 0
#endif
#endif
#ifndef TRAWL_COUNT_HEAP
#define TRAWL_COUNT_HEAP 1
#endif

namespace {

std::atomic<long> g_allocations{0};
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};

#if TRAWL_COUNT_HEAP
void* counted_new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  // The block's usable size, which free() gives back, so that the two always match.
  const std::size_t live = g_live.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return p;
}
void counted_delete(void* p) noexcept {
  if (p == nullptr) return;
  g_live.fetch_sub(malloc_usable_size(p));
  std::free(p);
}
#endif

}  // namespace

#if TRAWL_COUNT_HEAP
void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
#endif

namespace trawl::test {

bool heap_counted() { return TRAWL_COUNT_HEAP != 0; }
long heap_allocations() { return g_allocations.load(); }
std::size_t heap_live_bytes() { return g_live.load(); }
std::size_t heap_peak_bytes() { return g_peak.load(); }
void reset_heap_peak() { g_peak.store(g_live.load()); }

}  // namespace trawl::test
