// What the processor running the program can do, for kernels that have a faster form on some
// processors (bit unpacking, running sums) and a portable one that every build keeps and tests.
#ifndef TRAWL_SRC_UTIL_CPU_H_
#define TRAWL_SRC_UTIL_CPU_H_

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The AVX2 kernels are compiled into every x86-64 build with a target attribute and chosen at
// run time, so one binary runs on processors without AVX2 (their portable forms run there).
#define TRAWL_HAVE_AVX2_KERNELS 1
#define TRAWL_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define TRAWL_HAVE_AVX2_KERNELS 0
#endif

namespace trawl::util {

/// True when the AVX2 kernels are compiled in and the processor runs them.
inline bool cpu_has_avx2() noexcept {
#if TRAWL_HAVE_AVX2_KERNELS
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_CPU_H_
