#!/usr/bin/env bash
# Indexes a corpus with scry and times every search of a pattern file with scry and with ripgrep,
# side by side in one run (warm cache, median of RUNS runs each), checking that both find the same
# number of matching lines.  Writes a Markdown report.
#
#   bench/search_vs_rg.sh CORPUS_DIR PATTERNS_FILE REPORT.md [RUNS]
set -euo pipefail
corpus=$(realpath "$1")
patterns=$(realpath "$2")
report=$(realpath -m "$3")
runs=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
scry=$here/build/scry
work=$(mktemp -d)
store=$work/store
trap 'rm -rf "$work"' EXIT

[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

corpus_bytes=$(rg --no-config --files "$corpus" | tr '\n' '\0' | du -cb --files0-from=- | tail -n1 | cut -f1)
corpus_files=$(rg --no-config --files "$corpus" | wc -l)

# Index build: wall time and peak RSS from GNU time's %e and %M.
cd "$corpus"
rg --no-config -c zzzzzz >/dev/null 2>&1 || true  # warm the page cache for both tools
/usr/bin/time -f '%e %M' -o "$work/time" "$scry" index --store "$store" > "$work/index.out"
read -r index_s index_kb < "$work/time"
store_bytes=$(du -sb "$store" | cut -f1)

median_ms() {  # median wall time in ms of a command, from hyperfine's JSON
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/h.json" "$1" >/dev/null 2>&1 || true
  python3 -c "import json,sys; r=json.load(open('$work/h.json'))['results'][0]; print('%.1f' % (r['median']*1000))"
}

count_lines() { awk -F: '{n += $NF} END {print n + 0}'; }

{
  echo "# scry vs ripgrep: $(basename "$corpus")"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- command: bench/search_vs_rg.sh $1 $2 $report $runs"
  echo "- corpus: $corpus_files files, $corpus_bytes bytes (as rg --files lists them)"
  echo "- ripgrep: $(rg --version | head -n1); scry: $(git -C "$here" rev-parse --short HEAD)"
  echo
  echo "## Index"
  echo
  echo "| build (s) | peak RSS (MB) | store (MB) | store / corpus |"
  echo "|---|---|---|---|"
  echo "| $index_s | $((index_kb / 1024)) | $((store_bytes / 1000000)) | $(python3 -c "print('%.3f' % ($store_bytes/$corpus_bytes))") |"
  echo
  echo "\`$(cat "$work/index.out")\`"
  echo
  echo "## Searches (median of $runs runs, warm cache, output to /dev/null)"
  echo
  echo "scry ms is the default, ranked output (definitions first); path ms is \`scry search --sort path\`,"
  echo "printed in path order as it is verified (rg's order with \`rg --sort path\`), which is what the ratio uses:"
  echo "rg does no ranking."
  echo
  echo "| pattern | rg ms | path ms | path / rg | scry ms (ranked) | rg lines | scry lines | candidates |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$report"

ratios=()
# The loop reads the patterns on fd 3: rg and scry would read standard input, as rg does when it is
# not a terminal and no path is given.
exec < /dev/null
while IFS= read -r line <&3; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  eval "args=($line)"
  quoted=$(printf '%q ' "${args[@]}")
  rg_ms=$(median_ms "rg --no-config $quoted")
  path_ms=$(median_ms "$scry search --sort path --store $store $quoted")
  scry_ms=$(median_ms "$scry search --store $store $quoted")
  # (exit status 1, no match, is an answer here, not a failure)
  rg_lines=$({ rg --no-config -c "${args[@]}" || true; } | count_lines)
  scry_lines=$({ "$scry" search --store "$store" -c "${args[@]}" || true; } | count_lines)
  candidates=$({ "$scry" search --store "$store" --explain -c "${args[@]}" 2>&1 >/dev/null || true; } |
    sed -n 's/^candidates: \([0-9]*\) files.*/\1/p')
  ratio=$(python3 -c "print('%.3f' % ($path_ms/$rg_ms))")
  ratios+=("$ratio")
  mark=""; [ "$rg_lines" = "$scry_lines" ] || mark=" **MISMATCH**"
  echo "| \`${line//|/\\|}\` | $rg_ms | $path_ms | $ratio | $scry_ms | $rg_lines | $scry_lines$mark | $candidates |" >> "$report"
done 3< "$patterns"

python3 - "$report" "${ratios[@]}" <<'PY'
import statistics, sys
report, ratios = sys.argv[1], [float(r) for r in sys.argv[2:]]
with open(report, "a") as f:
    f.write(f"\nMedian scry (--sort path)/rg ratio over {len(ratios)} searches: **{statistics.median(ratios):.3f}**; "
            f"worst: {max(ratios):.3f}; searches where scry is slower than rg: {sum(r > 1 for r in ratios)}.\n")
PY
cat "$report"
