#!/usr/bin/env bash
# The latency of `scry ask` on a store that has vectors: for every question of a file, in each mode,
# the median wall time and CPU time (user + system) of RUNS runs, and the peak RSS.  CPU time is
# reported beside wall time because a shared machine's load inflates wall time; on an idle 2-core
# machine, wall time is about half the CPU time (both sides of a hybrid question use every core).
#
#   bench/ask.sh STORE QUESTIONS_FILE REPORT.md [RUNS]
set -euo pipefail
store=$(realpath "$1")
questions=$(realpath "$2")
report=$(realpath -m "$3")
runs=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
scry=$here/build/scry
[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build" >&2; exit 2; }

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

{
  echo "# scry ask latency"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- scry: $(git -C "$here" rev-parse --short HEAD), store $store"
  echo "- command: bench/ask.sh $*"
  echo
  echo "| question | mode | wall ms (median) | CPU ms (median) | peak RSS MB |"
  echo "|---|---|---|---|---|"
  while IFS= read -r question; do
    [ -n "$question" ] || continue
    for mode in lexical semantic hybrid; do
      walls=() cpus=() rss=0
      for _ in $(seq "$runs"); do
        read -r wall user sys kb < <(/usr/bin/time -f '%e %U %S %M' "$scry" ask --store "$store" --mode "$mode" \
          -k 10 "$question" 2>&1 >/dev/null | tail -n1)
        walls+=("$(awk -v w="$wall" 'BEGIN {print w * 1000}')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print (u + s) * 1000}')")
        rss=$((kb > rss ? kb : rss))
      done
      echo "| $question | $mode | $(printf '%s\n' "${walls[@]}" | median) | $(printf '%s\n' "${cpus[@]}" | median) | $((rss / 1024)) |"
    done
  done < "$questions"
} > "$report"
cat "$report"
