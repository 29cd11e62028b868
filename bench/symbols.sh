#!/usr/bin/env bash
# The tree-sitter benchmark of a corpus, side by side in one run: the index build without parsing
# (`scry index --no-parse`: trigrams and line windows) and with it (chunks and symbols), both with
# `--no-embed` (what embedding adds is search_vs_rg.sh's to report), then the median time of every
# `scry symbols` query of a query file.  Writes a Markdown report.
#
#   bench/symbols.sh CORPUS_DIR QUERIES_FILE REPORT.md [RUNS]
#
# QUERIES_FILE: one query per line, as shell words after `scry symbols` (e.g. `-k struct page`).
set -euo pipefail
corpus=$(realpath "$1")
queries=$(realpath "$2")
report=$(realpath -m "$3")
runs=${4:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
scry=$here/build/scry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

corpus_bytes=$(rg --no-config --files "$corpus" | tr '\n' '\0' | du -cb --files0-from=- | tail -n1 | cut -f1)
cd "$corpus"
rg --no-config -c zzzzzz >/dev/null 2>&1 || true  # warm the page cache

build() {  # build NAME [FLAGS...]: prints "seconds peak_MB store_MB store/corpus" and keeps the summary
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$work/time.$name" "$scry" index --store "$work/$name" "$@" > "$work/index.$name"
  read -r s kb < "$work/time.$name"
  local bytes
  bytes=$(du -sb "$work/$name" | cut -f1)
  echo "$s $((kb / 1024)) $((bytes / 1000000)) $(python3 -c "print('%.3f' % ($bytes/$corpus_bytes))")"
}
read -r plain_s plain_mb plain_store plain_ratio <<< "$(build plain --no-parse --no-embed)"
read -r parse_s parse_mb parse_store parse_ratio <<< "$(build parsed --no-embed)"

median_ms() {
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/h.json" "$1" >/dev/null 2>&1 || true
  python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print('%.1f' % (r['median']*1000))"
}

{
  echo "# scry symbols and tree-sitter indexing: $(basename "$corpus")"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- command: bench/symbols.sh $1 $2 $report $runs"
  echo "- corpus: $corpus_bytes bytes (as rg --files lists them); scry: $(git -C "$here" rev-parse --short HEAD)"
  echo
  echo "## Index build, side by side"
  echo
  echo "| build | seconds | peak RSS (MB) | store (MB) | store / corpus |"
  echo "|---|---|---|---|---|"
  echo "| \`--no-parse --no-embed\` (trigrams, line windows) | $plain_s | $plain_mb | $plain_store | $plain_ratio |"
  echo "| \`--no-embed\` (tree-sitter chunks and symbols) | $parse_s | $parse_mb | $parse_store | $parse_ratio |"
  echo
  echo "With tree-sitter / without: **$(python3 -c "print('%.2f' % ($parse_s/$plain_s))")×** the build time."
  echo
  echo "\`$(cat "$work/index.plain")\`"
  echo
  echo "\`$(cat "$work/index.parsed")\`"
  echo
  echo "## scry symbols (median of $runs runs, warm cache, output to /dev/null)"
  echo
  echo "| query | ms | hits (--limit 0) | first hit |"
  echo "|---|---|---|---|"
} > "$report"

times=()
while IFS= read -r query; do
  [ -z "$query" ] && continue
  ms=$(median_ms "$scry symbols --store $work/parsed $query")
  times+=("$ms")
  hits=$(eval "\"$scry\" symbols --store \"$work/parsed\" --limit 0 $query" | wc -l)
  first=$(eval "\"$scry\" symbols --store \"$work/parsed\" --limit 1 $query" | cut -f1,3 | tr '\t' ' ')
  echo "| \`$query\` | $ms | $hits | \`$first\` |" >> "$report"
done < "$queries"

median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
{
  echo
  echo "Median over the ${#times[@]} queries: **$median ms**."
  echo
  "$scry" stats --store "$work/parsed" | sed -n '/^documents/,/^strings bytes/p' | sed 's/^/    /'
} >> "$report"
echo "wrote $report"
