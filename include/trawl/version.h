// trawl's version. The library follows semantic versioning: the CMake package is compatible
// within one major version.
#ifndef TRAWL_VERSION_H_
#define TRAWL_VERSION_H_

#define TRAWL_VERSION_MAJOR 0
#define TRAWL_VERSION_MINOR 1
#define TRAWL_VERSION_PATCH 0
#define TRAWL_VERSION_STRING "0.1.0"

#endif  // TRAWL_VERSION_H_
