# Shared by scripts/demo, scripts/test and scripts/bench: dependency installation and builds.
# Source it; do not run it.

# The Debian 12 packages trawl needs to build, test and benchmark.
TRAWL_PACKAGES=(
  cmake g++ ninja-build bc time pkg-config
  libicu-dev libstemmer-dev libcld2-dev libboost-serialization-dev
  libzstd-dev libxxhash-dev libbenchmark-dev catch2 libcli11-dev libsimdjson-dev
)

# Installs the missing packages when run as root; otherwise prints the apt-get line and fails.
trawl_ensure_packages() {
  local missing=()
  local package
  for package in "${TRAWL_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "trawl needs these Debian packages. Install them as root with:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# trawl_build <build-dir> [--target NAME] <cmake options...>: configures and builds with every
# core (everything, or only NAME).
trawl_build() {
  local dir=$1
  shift
  local targets=()
  if [ "${1:-}" == "--target" ]; then
    targets=(--target "$2")
    shift 2
  fi
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
}
