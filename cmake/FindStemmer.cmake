# FindStemmer: the Snowball stemmer library (Debian package libstemmer-dev), which ships no
# CMake config of its own.
#
# Defines the IMPORTED target trawl::stemmer and the variables Stemmer_FOUND,
# Stemmer_INCLUDE_DIR and Stemmer_LIBRARY.
find_path(Stemmer_INCLUDE_DIR NAMES libstemmer.h)
find_library(Stemmer_LIBRARY NAMES stemmer)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Stemmer REQUIRED_VARS Stemmer_LIBRARY Stemmer_INCLUDE_DIR)

if(Stemmer_FOUND AND NOT TARGET trawl::stemmer)
  add_library(trawl::stemmer UNKNOWN IMPORTED)
  set_target_properties(trawl::stemmer PROPERTIES
    IMPORTED_LOCATION "${Stemmer_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Stemmer_INCLUDE_DIR}")
endif()
mark_as_advanced(Stemmer_INCLUDE_DIR Stemmer_LIBRARY)
