// TRAWL_EXPORT marks the classes and functions that form trawl's ABI in a shared build.
//
// trawl is compiled with hidden visibility, so only what carries TRAWL_EXPORT is visible in
// libtrawl.so. In a static build (the default) the macro expands to nothing.
#ifndef TRAWL_EXPORT_H_
#define TRAWL_EXPORT_H_

#if defined(TRAWL_SHARED_LIBRARY)
#if defined(_WIN32)
#if defined(TRAWL_COMPILE_LIBRARY)
#define TRAWL_EXPORT __declspec(dllexport)
#else
#define TRAWL_EXPORT __declspec(dllimport)
#endif
#else
#define TRAWL_EXPORT [[gnu::visibility("default")]]
#endif
#else
#define TRAWL_EXPORT
#endif

#endif  // TRAWL_EXPORT_H_
