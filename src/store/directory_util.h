// Helpers shared by the Directory implementations.
#ifndef TRAWL_SRC_STORE_DIRECTORY_UTIL_H_
#define TRAWL_SRC_STORE_DIRECTORY_UTIL_H_

#include <string>
#include <string_view>

#include "trawl/status.h"

namespace trawl::store_internal {

/// File names are flat: no separators, no "." or "..", no NUL, not empty.
inline Status check_file_name(std::string_view name) {
  if (name.empty() || name == "." || name == ".." ||
      name.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos) {
    return Status::invalid_argument("invalid file name '" + std::string(name) + "'");
  }
  return {};
}

}  // namespace trawl::store_internal

#endif  // TRAWL_SRC_STORE_DIRECTORY_UTIL_H_
