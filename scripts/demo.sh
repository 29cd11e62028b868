#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build scry, index a real tree
# (the Go 1.19 standard library, Debian's golang-1.19-src), run example searches beside ripgrep, then
# symbol lookups, a file's chunks, the query language, questions in plain words, and per-commit
# indexes of scry's own history.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh golang-1.19-src
scripts/build.sh build
here=$PWD
scry=$here/build/scry
corpus=/usr/share/go-1.19/src
store=$(mktemp -d)/store
cd "$corpus"

echo "== scry index $corpus"
"$scry" index --store "$store"
"$scry" stats --store "$store" | sed -n '3,30p'

run() {
  echo
  echo "== scry search $*"
  local t0 t1
  t0=$(date +%s%N)
  "$scry" search --store "$store" "$@" | head -n 5 || true
  t1=$(date +%s%N)
  echo "   ($(( (t1 - t0) / 1000000 )) ms, $("$scry" search --store "$store" -c "$@" | awk -F: '{n += $NF} END {print n + 0}') matching lines;" \
       "rg finds $(rg --no-config -c "$@" | awk -F: '{n += $NF} END {print n + 0}'))"
}
run -n 'func \(c \*Client\) Do\('
run -n -w 'ErrUnexpectedEOF'
run -n -i 'connection reset by peer'
run -n -t go '^func Test\w+Parallel'
run -n -F '[]byte("HTTP/1.1 '
run -n -g '!*_test.go' '\p{Greek}+'
run -n 'ServeHTTP'

symbols() {
  echo
  echo "== scry symbols $*"
  "$scry" symbols --store "$store" --explain "$@" | head -n 5 || true
}
symbols --exact Do
symbols -k function,method -t go --limit 5 ReadAll
symbols htsrv
symbols '/^New[A-Z]\w*Reader$/'
symbols --json --exact -k struct Client
echo
echo "== scry chunks net/http/client.go"
"$scry" chunks --store "$store" net/http/client.go | head -n 12
"$scry" check --store "$store"

query() {
  echo
  echo "== scry search -q '$1'"
  "$scry" search --store "$store" -n -q "$1" | head -n 5 || true
}
query 'lang:go -file:_test\.go$ sym:/^Parse\w*Duration$/'
query 'file:^net/http/ -file:_test (/func \(\w+ \*?\w+\) \w*[Rr]etry\w*\(/ or shouldRetry)'

ask() {
  echo
  echo "== scry ask '$1'"
  "$scry" ask --store "$store" -k 5 "$1" || true
}
ask 'where are failed http requests retried'
ask 'how is a gzip header parsed'
echo
echo "== scry context 'how does the http client follow redirects' --budget 600"
"$scry" context --store "$store" --budget 600 'how does the http client follow redirects' || true

# Per-commit indexes, on scry's own history when this is a git clone: each commit is a fork of the
# one before it, and costs the size of its diff.
if git -C "$here" rev-parse --verify -q HEAD~5 >/dev/null; then
  commits=$(mktemp -d)/store
  echo
  echo "== scry index --rev HEAD~5 --rev HEAD~5..HEAD   (scry's own repository)"
  (cd "$here" && "$scry" index --store "$commits" --rev HEAD~5 --rev HEAD~5..HEAD)
  (cd "$here" && "$scry" snapshots --store "$commits")
  echo
  echo "== scry search --rev HEAD~5 -c 'ObjectId'   (the tree five commits ago)"
  (cd "$here" && "$scry" search --store "$commits" --rev HEAD~5 -c ObjectId | head -n 5) || true
fi
