#!/usr/bin/env bash
# Installs what scry needs to build and test on Debian 12, and nothing that is already there.
# Everything comes from Debian's packages by name (tree-sitter's C sources then come from the npm
# registry, fetched by the build itself).  Usage: scripts/install-deps.sh [EXTRA_PACKAGE...]
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libre2-dev libroaring-dev libgit2-dev libsqlite3-dev liblz4-dev libxxhash-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev
  libzstd-dev  # a changed file's content as a delta over the version it replaces (indexer/zstd_frame.h)
  libhyperscan-dev  # finds the lines RE2 verifies in ASCII files (query/line_prefilter.h)
  libfasttext-dev  # trains the embedded default model of `scry ask`
  libcpp-httplib-dev  # `scry serve` and the HTTP embedder; brings libssl-dev, zlib1g-dev and libbrotli-dev for its header
  ripgrep  # the oracle the tests compare against
  curl  # the client tests/http_test.cc drives `scry serve` with
  "$@"
)
# npm ci fetches tree-sitter and the grammars (grammars/package-lock.json).  Any npm on PATH will
# do: NodeSource's nodejs bundles one and conflicts with Debian's npm package.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
