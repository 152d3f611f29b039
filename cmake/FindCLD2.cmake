# FindCLD2: Compact Language Detector 2 (Debian package libcld2-dev), which ships no CMake config
# or pkg-config file of its own.
#
# Defines the IMPORTED target trawl::cld2 and the variables CLD2_FOUND, CLD2_INCLUDE_DIR and
# CLD2_LIBRARY.
find_path(CLD2_INCLUDE_DIR NAMES cld2/public/compact_lang_det.h)
find_library(CLD2_LIBRARY NAMES cld2)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CLD2 REQUIRED_VARS CLD2_LIBRARY CLD2_INCLUDE_DIR)

if(CLD2_FOUND AND NOT TARGET trawl::cld2)
  add_library(trawl::cld2 UNKNOWN IMPORTED)
  set_target_properties(trawl::cld2 PROPERTIES
    IMPORTED_LOCATION "${CLD2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
endif()
mark_as_advanced(CLD2_INCLUDE_DIR CLD2_LIBRARY)
