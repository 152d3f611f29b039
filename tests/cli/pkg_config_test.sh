#!/usr/bin/env bash
# The installed package as a build without CMake uses it: examples/minimal compiled with the
# flags of `pkg-config trawl` (static or shared, as installed), then run; and the installed
# `trawl` command answers.
# Usage: pkg_config_test.sh <prefix> <repository-root> <c++ compiler> <ON|OFF shared> [sanitizers]
set -u
prefix=$1
root=$2
cxx=$3
shared=$4
sanitize=${5:-}
source "$(dirname "$0")/lib.sh"

command -v pkg-config >/dev/null || { fail "pkg-config is not installed"; finish "pkg-config"; }
pc_dir=$(dirname "$(find "$prefix" -name trawl.pc | head -n 1)")
[ -f "$pc_dir/trawl.pc" ] || fail "trawl.pc is not installed under $prefix"
export PKG_CONFIG_PATH="$pc_dir"
[ "$(pkg-config --modversion trawl)" != "" ] || fail "pkg-config --modversion trawl"
libdir=$(pkg-config --variable=libdir trawl)
flags=(-std=c++17)
[ -n "$sanitize" ] && flags+=("-fsanitize=$sanitize")
if [ "$shared" = ON ]; then
  libs=$(pkg-config --libs trawl)
  flags+=("-Wl,-rpath,$libdir")
else
  libs=$(pkg-config --static --libs trawl)
fi
# shellcheck disable=SC2046,SC2086
"$cxx" "${flags[@]}" $(pkg-config --cflags trawl) "$root/examples/minimal/main.cc" $libs \
  -o "$work/minimal" >"$work/out" 2>&1 || fail "compiling with pkg-config: $(cat "$work/out")"
if [ -x "$work/minimal" ]; then
  output=$("$work/minimal" "$work/index" 2>&1)
  [[ "$output" == *"2 documents, 'talk' in 2"* ]] || fail "the pkg-config build runs: $output"
fi

[ -x "$prefix/bin/trawl" ] || fail "the trawl command is not installed in $prefix/bin"
expect "installed trawl --version" "^[0-9]+\\.[0-9]+\\.[0-9]+" "$prefix/bin/trawl" --version
finish "pkg-config and installed command"
