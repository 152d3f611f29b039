# Shared by the command-line tests: a scratch directory `work` (removed on exit), failure
# counting and expectations. Source it first.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect() {  # expect <description> <pattern> <command...>: exit 0 and output matching pattern
  local description=$1 pattern=$2
  shift 2
  local output
  output=$("$@" 2>&1)
  local code=$?
  [ "$code" -eq 0 ] || fail "$description: exit $code: $output"
  [[ "$output" =~ $pattern ]] || fail "$description: [$output] does not match [$pattern]"
}

expect_exit() {  # expect_exit <description> <code> <command...>; output kept in $work/out
  local description=$1 code=$2
  shift 2
  "$@" >"$work/out" 2>&1 </dev/null
  local actual=$?
  [ "$actual" -eq "$code" ] || fail "$description: expected exit $code, got $actual: $(cat "$work/out")"
}

finish() {  # finish <what>: the summary line and exit status
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all $1 checks passed"
}
