#!/usr/bin/env bash
# `scry serve` under load: wrk at 1, 8 and 64 connections over a mixed set of requests (searches,
# symbol lookups and file reads), with requests/s, p50 and p99 latency and the server's memory.
#
#   bench/serve.sh CORPUS_DIR [QUERIES_FILE] [REPORT.md] [SECONDS]
#
# QUERIES_FILE (default bench/serve-queries.txt): lines "search QUERY" or "symbols QUERY"; reads of the
# files the first search finds are added.  The corpus is indexed into a temporary store unless STORE
# names one already built for it.  SCRY changes the binary, THREADS the server's --threads, LEVELS
# the connection counts (LEVELS=8 SECONDS=300: the five-minute run whose RSS must stay flat).
set -euo pipefail
corpus=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
queries=$(realpath "${2:-$here/bench/serve-queries.txt}")
report=${3:-/dev/stdout}
[ "$report" = /dev/stdout ] || report=$(realpath -m "$report")  # the script changes directory
seconds=${4:-10}
scry=${SCRY:-$here/build/scry}
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server"; rm -rf "$work"' EXIT

[ -x "$scry" ] || { echo "build scry first: scripts/build.sh build" >&2; exit 2; }
if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

store=${STORE:-$work/store}
cd "$corpus"
if [ -z "${STORE:-}" ]; then
  /usr/bin/time -f '%e' -o "$work/index.time" "$scry" index --no-embed --store "$store" >/dev/null
  echo "indexed $corpus in $(cat "$work/index.time") s" >&2
fi

"$scry" serve --store "$store" --listen 127.0.0.1:0 --time-limit-ms 10000 --threads "${THREADS:-16}" \
  2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/serve.log" && break
  sleep 0.1
done
base=$(sed -n 's/^listening on \(.*\)$/http:\/\/\1/p' "$work/serve.log")
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }

# The URLs: each query URL-encoded, then reads of the files the first search found.
python3 - "$queries" "$base" > "$work/urls.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
queries, base = sys.argv[1], sys.argv[2]
urls = []
for line in open(queries):
    endpoint, _, query = line.strip().partition(" ")
    if endpoint in ("search", "symbols"):
        urls.append(f"/api/{endpoint}?" + urllib.parse.urlencode({"q": query}, quote_via=urllib.parse.quote))
first = json.load(urllib.request.urlopen(base + urls[0]))
for path in sorted({r["path"] for r in first["results"]})[:4]:
    urls.append("/api/file?" + urllib.parse.urlencode({"path": path, "start_line": 1, "end_line": 100}))
print("\n".join(urls))
PY

rss_mb() { awk -v f="$1" '$1 == f":" {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
rows=""
for connections in ${LEVELS:-1 8 64}; do
  threads=$((connections < 2 ? 1 : 2))
  URLS="$work/urls.txt" wrk -t "$threads" -c "$connections" -d "${seconds}s" -s "$here/bench/serve_urls.lua" \
    "$base" > "$work/wrk.$connections"
  read -r _ qps p50 p99 non2xx errors <<< "$(grep '^RESULT' "$work/wrk.$connections")"
  rows+="| $connections | $qps | $p50 | $p99 | $non2xx | $errors | $(rss_mb VmRSS) |"$'\n'
done

{
  echo "# scry serve under wrk: $(basename "$corpus")"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "- command: bench/serve.sh $* ; ${seconds} s a level, $(wc -l < "$work/urls.txt") URLs in turn"
  echo "- scry: $(git -C "$here" rev-parse --short HEAD), --threads ${THREADS:-16}"
  echo
  echo "| connections | requests/s | p50 (ms) | p99 (ms) | non-2xx | socket errors | RSS after (MB) |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "Peak RSS of the server: $(rss_mb VmHWM) MB.  The URLs:"
  echo
  sed 's/^/    /' "$work/urls.txt"
} > "$report"
