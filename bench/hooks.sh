#!/usr/bin/env bash
# What scry's git hooks cost a commit (goal: a hook returns to git in ≤ 50 ms), and how a burst of
# commits coalesces.  In a throwaway clone of REPO with an index built:
#   1. N pairs of `git commit --allow-empty`, without hooks (core.hooksPath at an empty directory) and
#      with scry's, each commit timed alone after the previous one's background index run ended; the
#      median of the pairs' differences is what the hooks add to a commit (pairs, so that the drift
#      of a shared machine falls on both sides);
#   2. the post-commit hook itself, run N times the same way;
#   3. N commits back to back, hooks on, and how many index runs they led to.
#   bench/hooks.sh REPO [N]   (N default 20)
# Uses build/scry; writes bench/results/hooks-DATE.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source_repo=$(realpath "$1")
runs=${2:-20}
scry=$here/build/scry
report=$here/bench/results/hooks-$(date -u +%Y-%m-%d).md
[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$(realpath "$work")/repo
git clone -q "$source_repo" "$repo"
git -C "$repo" config user.email bench@scry.invalid
git -C "$repo" config user.name bench
(cd "$repo" && "$scry" index >/dev/null)

# Whether a hook's background run is still going: every process of it works in the clone.  This
# script never does (git -C, subshells only for the hook itself), so it does not count.
busy() { [ -n "$(find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$repo" -print -quit 2>/dev/null)" ]; }
settle() {
  local quiet=0
  while [ $quiet -lt 5 ]; do
    if busy; then quiet=0; else quiet=$((quiet + 1)); fi
    sleep 0.02
  done
}

# time_ms COMMAND...: runs it once after the background runs settle, prints milliseconds.
time_ms() {
  settle
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  local end=$EPOCHREALTIME
  python3 -c "print('%.2f' % (($end - $start) * 1000))"
}
median() { sort -g | awk '{a[NR]=$1} END {printf "%.2f\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
commit() { git -C "$repo" commit -q --allow-empty -m x; }
commit_without_hooks() { git -C "$repo" -c core.hooksPath="$work/no-hooks" commit -q --allow-empty -m x; }
run_hook() { (cd "$repo" && .git/hooks/post-commit); }

mkdir "$work/no-hooks"
(cd "$repo" && "$scry" hooks install >/dev/null)
for _ in $(seq "$runs"); do
  a=$(time_ms commit_without_hooks)
  b=$(time_ms commit)
  echo "$a $b"
done > "$work/pairs"
without=$(cut -d' ' -f1 "$work/pairs" | median)
with=$(cut -d' ' -f2 "$work/pairs" | median)
added=$(awk '{print $2 - $1}' "$work/pairs" | median)
hook=$(for _ in $(seq "$runs"); do time_ms run_hook; done | median)

settle
logged_before=$(wc -l < "$repo/.git/scry/hooks.log")
burst_start=$EPOCHREALTIME
for _ in $(seq "$runs"); do commit; done
burst_end=$EPOCHREALTIME
settle
burst_runs=$(($(wc -l < "$repo/.git/scry/hooks.log") - logged_before))
burst_ms=$(python3 -c "print('%.0f' % (($burst_end - $burst_start) * 1000))")

{
  echo "# scry git hooks: what a commit pays"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); git $(git --version | cut -d' ' -f3)"
  echo "- command: bench/hooks.sh $1 $runs"
  echo "- repository: a clone of $1 ($(git -C "$repo" ls-files | wc -l) files); scry: $(git -C "$here" rev-parse --short HEAD)"
  echo
  echo "Each timing is the median of $runs runs, each started after the previous run's background index ended;"
  echo "commits without and with the hooks alternate."
  echo
  echo "| | ms |"
  echo "|---|--:|"
  echo "| \`git commit --allow-empty\`, no hooks | $without |"
  echo "| \`git commit --allow-empty\`, scry's hooks | $with |"
  echo "| **added by the hooks**: the median of the pairs' differences (goal ≤ 50) | **$added** |"
  echo "| the post-commit hook alone (\`(cd repo && .git/hooks/post-commit)\`, the subshell included) | $hook |"
  echo
  echo "$runs commits back to back with the hooks took $burst_ms ms; index runs they led to: $burst_runs."
  echo
  echo "The last runs in hooks.log:"
  echo
  tail -n 3 "$repo/.git/scry/hooks.log" | sed 's/^/    /'
} | tee "$report"
