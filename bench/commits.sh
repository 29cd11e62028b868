#!/usr/bin/env bash
# Per-commit indexing: a first full `scry index --rev START`, then each of the next N first-parent
# commits indexed one after the other (each a fork of its parent's snapshot), timed against the
# number of files it changes, with the store's growth and the time of `scry fork`.  Writes a
# Markdown report.
#
#   bench/commits.sh REPO REPORT.md [START] [N]      # real history: START's next N first-parent commits
#   bench/commits.sh --synthetic REPO REPORT.md [N]  # N synthetic commits on top of REPO's HEAD
#
# REPO: a git repository (a clone; its work tree is never read or changed).  START defaults to the
# first-parent commit N before HEAD, so that the N commits end at HEAD; N defaults to 100.
# --synthetic makes N commits, commit i changing k = 1 + (i-1) % 20 files as `git diff-tree` counts
# them (edits of 1-3 lines; from k = 2 an added file, from k = 3 a deleted one, from k = 5 a rename),
# chosen by a seeded generator (SEED, default 1): the same REPO and SEED give the same commit ids.
# They are written with git's plumbing onto a throwaway branch, scry-bench-synthetic, deleted at exit.
# Environment: SCRY (default build/scry), FORKS (forks timed per commit, default 5), INDEX_FLAGS
# (more flags for every `scry index`, e.g. --no-parse), SEED.
set -euo pipefail

usage() {
  echo "usage: bench/commits.sh REPO REPORT.md [START] [N]  |  bench/commits.sh --synthetic REPO REPORT.md [N]" >&2
  exit 2
}

synthetic=0
if [ "${1:-}" = --synthetic ]; then synthetic=1; shift; fi
[ $# -ge 2 ] || usage
repo=$(realpath "$1")
report=$(realpath -m "$2")
if [ $synthetic = 1 ]; then
  [ $# -le 3 ] || usage
  start_arg=""; n=${3:-100}
else
  [ $# -le 4 ] || usage
  start_arg=${3:-}; n=${4:-100}
fi
forks=${FORKS:-5}
seed=${SEED:-1}
read -r -a index_flags <<< "${INDEX_FLAGS:-}"
here=$(cd "$(dirname "$0")/.." && pwd)
scry=${SCRY:-$here/build/scry}
branch="scry-bench-synthetic"
command_line="bench/commits.sh $(printf "%q " "$@")"
[ $synthetic = 1 ] && command_line="bench/commits.sh --synthetic $(printf "%q " "$@")"
[ -n "${INDEX_FLAGS:-}" ] && command_line="INDEX_FLAGS='$INDEX_FLAGS' $command_line"

work=$(mktemp -d)
store=$work/store
cleanup() {
  if [ $synthetic = 1 ]; then git -C "$repo" update-ref -d "refs/heads/$branch" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build (or set SCRY)" >&2; exit 2; }
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git repository: $repo" >&2; exit 2; }
[[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
cd "$repo"

now_us() { echo "${EPOCHREALTIME/./}"; }  # bash 5: the clock without starting a process
store_bytes() { du -sb "$store" | cut -f1; }
files_changed() { git diff-tree -r --no-commit-id --name-only "$1" "$2" | wc -l; }
tree_files() { git ls-tree -r "$1" | wc -l; }
tree_bytes() { git ls-tree -r -l "$1" | awk '$4 ~ /^[0-9]+$/ {s += $4} END {print s + 0}'; }

# make_synthetic BASE N: writes N commits on BASE with a private index file (the repository's own
# index, HEAD and work tree are left alone) and prints their ids, oldest first.
make_synthetic() {
  GIT_INDEX_FILE=$work/synthetic.index python3 - "$1" "$2" "$seed" <<'PY'
import os, random, subprocess, sys

base, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
env = dict(os.environ, GIT_AUTHOR_NAME="scry bench", GIT_AUTHOR_EMAIL="bench@scry.invalid",
           GIT_COMMITTER_NAME="scry bench", GIT_COMMITTER_EMAIL="bench@scry.invalid")

def git(*args, data=None):
    return subprocess.run(["git", *args], input=data, env=env, check=True, capture_output=True).stdout

cat = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def blob(sha):
    cat.stdin.write(sha.encode() + b"\n"); cat.stdin.flush()
    size = int(cat.stdout.readline().split()[2])
    data = cat.stdout.read(size); cat.stdout.read(1)
    return data

files = {}  # path -> (mode, sha): regular files only, the candidates for every change
for entry in git("ls-tree", "-r", "-z", base).split(b"\0"):
    if entry:
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if mode in ("100644", "100755"):
            files[path.decode("utf-8", "surrogateescape")] = (mode, sha)
paths = sorted(files)

def fresh(path, suffix):
    """PATH with SUFFIX before its extension, free in the tree (or None)."""
    head, name = os.path.split(path)
    stem, dot, ext = (name, "", "") if name.startswith(".") else name.partition(".")
    new = os.path.join(head, stem + suffix + dot + ext)
    return None if new in files else new

def pick_text(taken):
    """A random text file (no NUL byte, under 256 KiB) not yet changed in this commit."""
    while True:
        path = rng.choice(paths)
        if path in taken or path not in files:
            continue
        data = blob(files[path][1])
        if len(data) < 256 * 1024 and b"\0" not in data:
            taken.add(path)
            return path, data

def write_blob(data):
    return git("hash-object", "-w", "--stdin", data=data).decode().strip()

def edit(data, tag):
    lines = data.split(b"\n")
    for j in range(rng.randint(1, 3)):
        at = rng.randrange(max(1, len(lines) - 1))  # not after the last newline
        if rng.random() < 0.5:
            lines.insert(at, b"/* scry bench: %s.%d */" % (tag.encode(), j))
        else:
            lines[at] += b" /* %s.%d */" % (tag.encode(), j)
    return b"\n".join(lines)

git("read-tree", base)
parent, ids = base, []
for i in range(1, n + 1):
    k, tag = 1 + (i - 1) % 20, "c%d" % i
    ops = ["edit", "add", "delete", "edit" if k == 4 else "rename"][:k]
    ops += ["edit"] * (k - 5)  # a rename is two paths in diff-tree: k paths in all
    taken, updates = set(), []  # updates: lines for git update-index --index-info
    for op in ops:
        path, data = pick_text(taken)
        mode, sha = files[path]
        new = fresh(path, "_scry_bench_%d" % i if op == "add" else "_renamed_%d" % i)
        while op in ("add", "rename") and new is None:
            path, data = pick_text(taken)
            mode, sha = files[path]
            new = fresh(path, "_scry_bench_%d" % i if op == "add" else "_renamed_%d" % i)
        if op == "edit":
            files[path] = (mode, write_blob(edit(data, tag)))
            updates.append("%s %s\t%s" % (mode, files[path][1], path))
        elif op == "add":
            files[new] = (mode, write_blob(edit(data, tag)))
            updates.append("%s %s\t%s" % (mode, files[new][1], new))
            taken.add(new)
        elif op == "delete":
            del files[path]
            updates.append("0 %s\t%s" % ("0" * 40, path))
        else:  # rename, content unchanged
            files[new] = files.pop(path)
            updates += ["0 %s\t%s" % ("0" * 40, path), "%s %s\t%s" % (mode, sha, new)]
            taken.add(new)
    paths = sorted(files)
    git("update-index", "--index-info", data=("\n".join(updates) + "\n").encode())
    tree = git("write-tree").decode().strip()
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "%d +0000" % (1700000000 + i * 60)
    parent = git("commit-tree", tree, "-p", parent, "-m",
                 "scry bench synthetic commit %d: %d files (%s)" % (i, k, ", ".join(ops)),
                 data=b"").decode().strip()
    ids.append(parent)
cat.stdin.close(); cat.wait()
print("\n".join(ids))
PY
}

# The commits: START, then the N commits to index one by one, oldest first.
if [ $synthetic = 1 ]; then
  start=$(git rev-parse --verify 'HEAD^{commit}')
  echo "making $n synthetic commits on $start..." >&2
  mapfile -t commits < <(make_synthetic "$start" "$n")
  [ ${#commits[@]} -eq "$n" ] && git update-ref "refs/heads/$branch" "${commits[-1]}"
else
  if [ -n "$start_arg" ]; then
    start=$(git rev-parse --verify "$start_arg^{commit}")
  else
    start=$(git rev-list --first-parent -n $((n + 1)) HEAD | tail -n1)
  fi
  mapfile -t commits < <(git rev-list --first-parent --reverse "$start..HEAD" | awk -v n="$n" 'NR <= n')
fi
[ ${#commits[@]} -eq "$n" ] || { echo "only ${#commits[@]} commits after $start, not $n" >&2; exit 2; }

# The first full index.
cat "$(git rev-parse --git-path objects)"/pack/*.pack > /dev/null 2>&1 || true  # warm the page cache
echo "first full index of $start..." >&2
/usr/bin/time -f '%e %M' -o "$work/time" "$scry" index --store "$store" "${index_flags[@]}" --rev "$start" > "$work/first.out"
read -r first_s first_kb < "$work/time"
first_bytes=$(store_bytes)
start_files=$(tree_files "$start")

{
  if [ $synthetic = 1 ]; then
    echo "# scry per-commit indexes: $(basename "$repo"), $n synthetic commits"
  else
    echo "# scry per-commit indexes: $(basename "$repo"), $n first-parent commits"
  fi
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- command: $command_line"
  echo "- corpus: $repo; $(git rev-list --count --first-parent HEAD) first-parent commits at HEAD" \
    "($(git rev-list --count HEAD) in all); at START $(git rev-parse --short "$start"):" \
    "$start_files files, $(tree_bytes "$start") bytes"
  echo "- scry: $(git -C "$here" rev-parse --short HEAD); git: $(git --version | cut -d' ' -f3)"
  if [ $synthetic = 1 ]; then
    echo "- **synthetic commits** (seed $seed) on branch $branch, deleted after the run: commit i changes"
    echo "  k = 1 + (i-1) mod 20 files as \`git diff-tree\` counts them: edits of 1-3 lines, from k = 2 one"
    echo "  added file, from k = 3 one deleted, from k = 5 one renamed (unchanged content: two paths)"
  fi
  echo
  echo "## First full index (\`scry index --rev START\`)"
  echo
  echo "| seconds | peak RSS (MB) | store (MB) |"
  echo "|---|---|---|"
  echo "| $first_s | $((first_kb / 1024)) | $(python3 -c "print('%.1f' % ($first_bytes/1e6))") |"
  echo
  echo "\`$(cat "$work/first.out")\`"
  echo
  echo "## Each commit after it, oldest first"
  echo
  echo "Files: paths changed against the first parent (\`git diff-tree -r --name-only\`, no rename"
  echo "detection).  ms: wall time of one \`scry index --rev C\`.  Store: \`du -sb\` after it, less what"
  echo "the timing forks added (their bytes are in the forks column, cumulative).  Fork: median of $forks"
  echo "\`scry fork C NEW\` into fresh names, process start included."
  echo
  echo "| # | commit | files | index ms | peak RSS (MB) | store (MB) | + vs first | forks (KB) | fork ms | scry index says |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$report"

# time_forks C I: forks C's snapshot FORKS times under fresh names; prints the median ms.
time_forks() {
  local j t0 t1 times=()
  for ((j = 1; j <= forks; j++)); do
    t0=$(now_us)
    "$scry" fork --store "$store" "$1" "bench-fork-$2-$j" > /dev/null
    t1=$(now_us)
    times+=("$(( (t1 - t0) / 1000 )).$(printf '%03d' $(( (t1 - t0) % 1000 )))")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {printf "%.1f\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

fork_bytes=0
i=0
for c in "${commits[@]}"; do
  i=$((i + 1))
  files=$(files_changed "$c^1" "$c")
  t0=$(now_us)
  /usr/bin/time -f '%M' -o "$work/time" "$scry" index --store "$store" "${index_flags[@]}" --rev "$c" > "$work/index.out"
  t1=$(now_us)
  ms=$(( (t1 - t0) / 1000 ))
  kb=$(cat "$work/time")
  before=$(store_bytes)
  bytes=$((before - fork_bytes))
  fork_ms=$(time_forks "$c" "$i")
  fork_bytes=$((fork_bytes + $(store_bytes) - before))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$c" "$files" "$ms" "$kb" "$bytes" "$fork_ms" >> "$work/rows.tsv"
  echo "| $i | $(git rev-parse --short "$c") | $files | $ms | $((kb / 1024)) |" \
    "$(python3 -c "print('%.1f | %+.2f %%' % ($bytes/1e6, 100*($bytes-$first_bytes)/$first_bytes))") |" \
    "$((fork_bytes / 1024)) | $fork_ms | \`$(tr '|' '/' < "$work/index.out" | head -c 200)\` |" >> "$report"
  echo "commit $i/$n: $files files, $ms ms, fork $fork_ms ms" >&2
done

"$scry" snapshots --store "$store" > "$work/snapshots"

python3 - "$report" "$work/rows.tsv" "$first_bytes" "$start_files" "$n" "$work/snapshots" <<'PY'
import statistics, sys
report, rows_file, first, tree_files, n, snapshots = sys.argv[1:]
first, tree_files, n = int(first), int(tree_files), int(n)
rows = [line.rstrip("\n").split("\t") for line in open(rows_file)]
files = [int(r[2]) for r in rows]; ms = [int(r[3]) for r in rows]
store = [int(r[5]) for r in rows]; fork = [float(r[6]) for r in rows]

def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, -(-9 * len(xs) // 10) - 1)]  # nearest rank

small = [t for f, t in zip(files, ms) if f <= 20]
growth = 100 * (store[-1] - first) / first
worst = max(range(len(ms)), key=ms.__getitem__)
mark = lambda ok: "**met**" if ok else "**not met**"
out = ["", "## Time against files changed", "", "| files changed | commits | median ms | p90 ms | worst ms |",
       "|---|---|---|---|---|"]
for label, lo, hi in (("0-1", 0, 1), ("2-5", 2, 5), ("6-10", 6, 10), ("11-20", 11, 20), ("21-100", 21, 100),
                      ("101-1000", 101, 1000), ("> 1000", 1001, float("inf"))):
    ts = [t for f, t in zip(files, ms) if lo <= f <= hi]
    if ts:
        out.append("| %s | %d | %d | %d | %d |" % (label, len(ts), statistics.median(ts), p90(ts), max(ts)))
out += ["", "## Summary", ""]
if small:
    out.append("- commits changing ≤ 20 files: %d; median **%d ms**, p90 %d ms, worst %d ms"
               % (len(small), statistics.median(small), p90(small), max(small)))
out.append("- worst commit: #%s (%s files) in %d ms" % (rows[worst][0], files[worst], ms[worst]))
out.append("- store after the first index %.1f MB; after %d commits %.1f MB: **%+.1f %%** (forks' bytes left out)"
           % (first / 1e6, n, store[-1] / 1e6, growth))
out.append("- fork: median **%.1f ms**, worst commit's median %.1f ms" % (statistics.median(fork), max(fork)))
nsnap = sum(1 for line in open(snapshots) if line.strip())
out.append("- `scry snapshots` lists %d lines at the end (1 + %d indexed + their forks)" % (nsnap, n))
out += ["", "## Goals", ""]
out.append("- fork ≤ 10 ms whatever the repository's size: %s (every commit's median; worst %.1f ms)"
           % (mark(max(fork) <= 10), max(fork)))
if tree_files >= 70000 and small:
    over = sum(t > 300 for t in small)
    out.append("- a commit changing ≤ 20 files indexes in ≤ 300 ms on 70k files: %s (%d of %d over 300 ms; worst %d ms)"
               % (mark(over == 0), over, len(small), max(small)))
else:
    out.append("- a commit changing ≤ 20 files indexes in ≤ 300 ms on 70k files: not applicable here "
               "(%d files at START%s)" % (tree_files, "" if small else ", no such commit"))
note = "" if n == 100 else " (after %d commits, not 100)" % n
out.append("- 100 consecutive commits add ≤ 15 %% to the store of one commit: %s (%+.1f %%%s)"
           % (mark(growth <= 15), growth, note))
with open(report, "a") as f:
    f.write("\n".join(out) + "\n")
PY
cat "$report"
