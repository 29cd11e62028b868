#!/usr/bin/env bash
# The foundation benchmark: Linux 6.1 from Debian's linux-source-6.1, scry vs ripgrep.
#   bench/linux.sh [CORPUS_PARENT_DIR]   (default: bench/corpora, ignored by git)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
parent=${1:-$here/bench/corpora}
"$here/scripts/install-deps.sh" linux-source-6.1 hyperfine time python3
if [ ! -d "$parent/linux-source-6.1" ]; then
  mkdir -p "$parent"
  tar -C "$parent" -xf /usr/src/linux-source-6.1.tar.xz
fi
"$here/scripts/build.sh" "$here/build"
exec "$here/bench/search_vs_rg.sh" "$parent/linux-source-6.1" "$here/bench/patterns-linux.txt" \
  "$here/bench/results/linux-$(date -u +%Y-%m-%d).md" 5
