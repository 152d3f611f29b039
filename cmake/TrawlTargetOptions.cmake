# trawl_target_options(<target>)
#
# Warning flags and sanitizers for one trawl-owned target. Everything is PRIVATE so that users
# who link trawl::trawl never inherit our -Werror or sanitizer choices.
function(trawl_target_options target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
      -Wold-style-cast -Woverloaded-virtual
      # Scores must be the same to the bit on every path (pruned and exhaustive searches give
      # identical hits, the AVX2 block loop equals the scalar one): no fused multiply-adds,
      # which a -march with FMA would otherwise let the compiler form on some paths only.
      -ffp-contract=off)
    if(TRAWL_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(TRAWL_SANITIZE)
      target_compile_options(${target} PRIVATE
        -fsanitize=${TRAWL_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
      target_link_options(${target} PRIVATE -fsanitize=${TRAWL_SANITIZE})
    endif()
  endif()
endfunction()
