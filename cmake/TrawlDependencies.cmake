# trawl_require_package(<Name> <debian-package> [find_package arguments...])
#
# Finds a dependency quietly and, when it is missing, stops configuration with a message that
# names the Debian package to install, because "could not find ICU" alone sends people hunting.
macro(trawl_require_package name debian_package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR
      "trawl needs ${name}, which was not found. On Debian 12 install it with:\n"
      "  apt-get install ${debian_package}\n"
      "(scripts/demo and scripts/test install every missing package when run as root.)")
  endif()
endmacro()

# trawl_require_header(<header> <debian-package>): a header-only dependency (used inline by
# trawl's sources, so installed consumers do not need it).
function(trawl_require_header header debian_package)
  find_path(trawl_header_dir NAMES ${header})
  if(NOT trawl_header_dir)
    message(FATAL_ERROR
      "trawl needs ${header}, which was not found. On Debian 12 install it with:\n"
      "  apt-get install ${debian_package}\n"
      "(scripts/demo and scripts/test install every missing package when run as root.)")
  endif()
  unset(trawl_header_dir CACHE)
endfunction()
