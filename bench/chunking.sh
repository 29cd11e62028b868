#!/usr/bin/env bash
# Chunking throughput per language on real corpora from Debian's packages, and the coverage
# property (each file's chunks cover it exactly once) checked on every file of them.
#   bench/chunking.sh [CORPUS_PARENT_DIR] [RUNS]   (default: bench/corpora, ignored by git; 3 runs)
# Tarballs and zips are unpacked into CORPUS_PARENT_DIR once and reused; the other packages are
# measured where dpkg put them.  Writes bench/results/chunking-DATE.md; exits 1 if any file's chunks
# break the coverage property.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
parent=$(realpath -m "${1:-$here/bench/corpora}")
runs=${2:-3}
report=$here/bench/results/chunking-$(date -u +%Y-%m-%d).md
"$here/scripts/install-deps.sh" linux-source-6.1 golang-1.19-src openjdk-17-source rust-src \
  libpython3.11-stdlib node-typescript unzip

mkdir -p "$parent"
[ -d "$parent/linux-source-6.1" ] || tar -C "$parent" -xf /usr/src/linux-source-6.1.tar.xz
if [ ! -d "$parent/openjdk-17-src" ]; then
  unzip -q -d "$parent/openjdk-17-src.tmp" "$(dpkg -L openjdk-17-source | grep -m1 '/src\.zip$')"
  mv "$parent/openjdk-17-src.tmp" "$parent/openjdk-17-src"
fi
installed() { dpkg -L "$1" | grep -m1 -E "$2"; }

# package | main languages (scry's names) | directory
corpora=(
  "linux-source-6.1|c|$parent/linux-source-6.1"
  "golang-1.19-src|go|$(installed golang-1.19-src '/go-1\.19/src$')"
  "openjdk-17-source|java|$parent/openjdk-17-src"
  "rust-src|rust|$(installed rust-src '/rustlib/src/rust$')"
  "libpython3.11-stdlib|python|$(installed libpython3.11-stdlib '^/usr/lib/python3\.11$')"
  "node-typescript|ts js|$(installed node-typescript '/nodejs/typescript$')"
)

"$here/scripts/build.sh" "$here/build-bench" -DSCRY_BUILD_TESTS=OFF >&2
bench=$here/build-bench/bench/scry-chunk-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

summary="| corpus | language | files | MB | chunks | symbols | MB/s (median of $runs) | MB/s range | CPU MB/s | fell back | coverage violations |
|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
sections=""
failed=0
for corpus in "${corpora[@]}"; do
  IFS='|' read -r package languages dir <<< "$corpus"
  echo "$package: $dir" >&2
  status=0
  "$bench" --runs "$runs" "$dir" > "$work/out" 2> "$work/err" || status=$?
  [ "$status" -le 1 ] || { cat "$work/err" >&2; exit "$status"; }
  [ "$status" -eq 0 ] || failed=1
  for language in $languages; do
    row=$(grep -m1 "^| $language |" "$work/out" || echo "| $language | 0 | | | | | | | | |")
    summary+=$'\n'"| $package $row"
  done
  sections+=$'\n'"## $package ($languages)"$'\n\n'"\`$(realpath --relative-to="$here" "$bench") --runs $runs $dir\`"
  sections+=$'\n\n'"$(cat "$work/out")"$'\n'
  if [ "$status" -ne 0 ]; then
    sections+=$'\n'"Coverage violations (first 10):"$'\n\n'"$(grep '^coverage: ' "$work/err" | sed 's/^/- /')"$'\n'
  fi
done

{
  echo "# Chunking throughput per language"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- commit: $(git -C "$here" rev-parse --short HEAD)"
  echo "- command: bench/chunking.sh $*"
  echo "- load average when done: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine: compare MB/s with CPU MB/s)"
  echo "- one CodeChunker on one thread, the default ChunkBudget (60 lines, 2048 bytes, 2000 ms parse);"
  echo "  reading files is not timed; each corpus is walked $runs times; MB/s is the median over the runs"
  echo
  echo "## Each corpus's main language"
  echo
  echo "$summary"
  echo "$sections"
} > "$report"
cat "$report"
exit "$failed"
