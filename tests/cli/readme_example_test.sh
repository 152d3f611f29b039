#!/usr/bin/env bash
# The C++ example in README.md must be examples/minimal/main.cc, which the packaging test builds
# and runs, so the README cannot show code that does not compile.
set -eu
root=$1
readme_code=$(awk '/^```cpp$/ { inside = 1; next } /^```$/ { if (inside) exit } inside' "$root/README.md")
if [ "$readme_code" != "$(cat "$root/examples/minimal/main.cc")" ]; then
  echo "README.md's C++ example differs from examples/minimal/main.cc:"
  diff <(printf '%s\n' "$readme_code") "$root/examples/minimal/main.cc" || true
  exit 1
fi
echo "README example matches examples/minimal/main.cc"
